package engine_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/tableacl/tableacl/engine"
)

// An embedder authorizes a statement for a user before another engine runs
// it, and inspects a denial as a structured value.
func Example() {
	ctx := context.Background()
	eng, _ := engine.Open(ctx) // transient, in-memory catalog
	defer eng.Close()
	admin, _ := eng.Connect(ctx, "admin")
	admin.ExecScript(ctx, `
		CREATE USER alice;
		CREATE DATABASE sales;
		CREATE TABLE sales.orders (id INT, amount INT);
		GRANT SELECT ON TABLE sales.orders TO alice;`)

	alice, _ := eng.Connect(ctx, "alice")
	err := alice.Authorize(ctx, "SELECT amount FROM sales.orders")
	var e *engine.Error
	if errors.As(err, &e) && e.Denial != nil {
		for _, f := range e.Denial.Failures {
			fmt.Println(f.Kind == engine.MissingPrivilege, f.Privileges, f.Object)
		}
	}

	admin.Query(ctx, "GRANT USAGE ON DATABASE sales TO alice")
	fmt.Println(alice.Authorize(ctx, "SELECT amount FROM sales.orders"))
	// Output:
	// true [USAGE] database `sales`
	// <nil>
}

// A denial marshals to JSON with its kinds, privileges and objects as
// words and each line's text, for logs and HTTP answers.
func Example_denialJSON() {
	ctx := context.Background()
	eng, _ := engine.Open(ctx)
	defer eng.Close()
	admin, _ := eng.Connect(ctx, "admin")
	admin.ExecScript(ctx, `
		CREATE USER bob;
		CREATE DATABASE hr;
		CREATE TABLE hr.salaries (name STRING, amount INT);
		GRANT USAGE ON DATABASE hr TO bob;`)

	bob, _ := eng.Connect(ctx, "bob")
	err := bob.Authorize(ctx, "SELECT amount FROM hr.salaries")
	var e *engine.Error
	if errors.As(err, &e) {
		b, _ := json.MarshalIndent(e.Denial, "", "  ")
		fmt.Println(string(b))
	}
	// Output:
	// {
	//   "user": "bob",
	//   "failures": [
	//     {
	//       "kind": "MISSING_PRIVILEGE",
	//       "object": {
	//         "type": "TABLE",
	//         "db": "hr",
	//         "name": "salaries"
	//       },
	//       "privileges": [
	//         "SELECT"
	//       ],
	//       "text": "User does not have permission SELECT on table `hr`.`salaries`."
	//     }
	//   ]
	// }
}

// A gateway prepares a statement once and decides it for each user who
// sends it. Each decision reads the catalog as it is, so a revoke holds
// for the next one.
func ExampleEngine_Prepare() {
	ctx := context.Background()
	eng, _ := engine.Open(ctx)
	defer eng.Close()
	admin, _ := eng.Connect(ctx, "admin")
	admin.ExecScript(ctx, `
		CREATE USER ann; CREATE USER bob;
		CREATE DATABASE sales;
		CREATE TABLE sales.orders (id INT, amount INT);
		GRANT USAGE ON DATABASE sales TO users;
		GRANT SELECT ON TABLE sales.orders TO ann;`)

	stmt, _ := eng.Prepare(ctx, "SELECT sum(amount) FROM orders", engine.InDatabase("sales"))
	for _, user := range []string{"ann", "bob"} {
		fmt.Println(user, stmt.Authorize(ctx, user) == nil)
	}
	admin.Query(ctx, "REVOKE SELECT ON TABLE sales.orders FROM ann")
	fmt.Println("ann", stmt.Authorize(ctx, "ann") == nil)
	// Output:
	// ann true
	// bob false
	// ann false
}

// An embedder registers the functions its own engine provides, so that
// statements calling them can be decided; like built-ins they need no
// privilege, and what their arguments read still does.
func ExampleWithFunction() {
	ctx := context.Background()
	eng, _ := engine.Open(ctx, engine.WithFunction("mask_email", 1, 1, "string"))
	defer eng.Close()
	admin, _ := eng.Connect(ctx, "admin")
	admin.ExecScript(ctx, `
		CREATE USER carol;
		CREATE DATABASE crm;
		CREATE TABLE crm.contacts (name STRING, email STRING);
		GRANT USAGE, SELECT ON DATABASE crm TO carol;`)

	p, _ := eng.Prepare(ctx, "SELECT name, mask_email(email) FROM contacts", engine.InDatabase("crm"))
	fmt.Println(p.Authorize(ctx, "carol"))
	p, _ = eng.Prepare(ctx, "SELECT mask_email(email, 'x') FROM crm.contacts")
	fmt.Println(p.Authorize(ctx, "carol"))
	// Output:
	// <nil>
	// [WRONG_NUM_ARGS] The function `mask_email` requires 1 parameters but the actual number is 2.
}

// An embedder whose tables live in its own engine registers them, so that
// statements over them are decided: here a gateway in front of a
// warehouse. The registering user must be allowed to create the table,
// and owns it; tableacl keeps no rows for it.
func ExampleConn_RegisterTable() {
	ctx := context.Background()
	eng, _ := engine.Open(ctx)
	defer eng.Close()
	admin, _ := eng.Connect(ctx, "admin")
	admin.ExecScript(ctx, `CREATE USER dave; CREATE DATABASE wh; GRANT USAGE ON DATABASE wh TO dave;`)

	err := admin.RegisterTable(ctx, engine.Table{Database: "wh", Name: "events", Columns: []engine.Column{
		{Name: "ts", Type: "timestamp"}, {Name: "user_id", Type: "bigint"}, {Name: "payload", Type: "string"},
	}})
	fmt.Println(err)

	p, _ := eng.Prepare(ctx, "SELECT user_id, count(*) FROM wh.events GROUP BY user_id")
	fmt.Println(p.Authorize(ctx, "dave"))
	admin.Query(ctx, "GRANT SELECT ON TABLE wh.events TO dave")
	fmt.Println(p.Authorize(ctx, "dave"))
	accesses, _ := p.Accesses(ctx)
	fmt.Println(accesses[0].Object, accesses[0].Right, accesses[0].Columns)
	// Output:
	// <nil>
	// [INSUFFICIENT_PERMISSIONS] Insufficient privileges:
	// User does not have permission SELECT on table `wh`.`events`.
	// <nil>
	// table `wh`.`events` SELECT [user_id]
}

// A prepared statement remembers whom it found allowed while the catalog's
// metadata is unchanged; a REVOKE committed anywhere (here by another
// engine on the same file, as another process would) makes a new version,
// and the very next decision is found afresh.
func ExampleWithDecisionCache() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, "catalog.db")
	eng, _ := engine.Open(ctx, engine.WithFile(file), engine.WithDecisionCache(1000))
	defer eng.Close()
	admin, _ := eng.Connect(ctx, "admin")
	admin.ExecScript(ctx, `
		CREATE USER ann; CREATE DATABASE sales; CREATE TABLE sales.orders (id INT);
		GRANT USAGE, SELECT ON DATABASE sales TO ann;`)

	stmt, _ := eng.Prepare(ctx, "SELECT id FROM sales.orders")
	fmt.Println(stmt.Authorize(ctx, "ann")) // found, and remembered
	fmt.Println(stmt.Authorize(ctx, "ann")) // remembered

	other, _ := engine.Open(ctx, engine.WithFile(file))
	defer other.Close()
	otherAdmin, _ := other.Connect(ctx, "admin")
	otherAdmin.Query(ctx, "REVOKE SELECT ON DATABASE sales FROM ann")
	fmt.Println(stmt.Authorize(ctx, "ann"))
	// Output:
	// <nil>
	// <nil>
	// [INSUFFICIENT_PERMISSIONS] Insufficient privileges:
	// User does not have permission SELECT on table `sales`.`orders`.
}
