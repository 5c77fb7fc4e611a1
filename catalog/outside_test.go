package catalog_test

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tableacl/tableacl/catalog"
	"github.com/tableacl/tableacl/privilege"
)

// What a program outside the module can do with the catalog package: it
// can read, but it cannot change grants, owners or principals without the
// engine's decision. Written as such a program would be, without the
// module's internal packages.
func TestOutsidersCannotWrite(t *testing.T) {
	ctx := context.Background()
	for _, path := range []string{"", filepath.Join(t.TempDir(), "c.db")} {
		c, err := catalog.Open(ctx, path)
		require.NoError(t, err)
		defer c.Close()
		before, err := c.Dump(ctx)
		require.NoError(t, err)

		_, err = c.Begin(ctx, nil)
		assert.EqualError(t, err, "catalog: write transactions are the engine's: run statements through it")
		// A key forged by reflection is another pointer.
		begin := reflect.ValueOf(c.Begin)
		forged := reflect.New(begin.Type().In(1).Elem())
		out := begin.Call([]reflect.Value{reflect.ValueOf(ctx), forged})
		assert.True(t, out[0].IsNil())
		assert.EqualError(t, out[1].Interface().(error), "catalog: write transactions are the engine's: run statements through it")

		// A read transaction writes nothing.
		tx, err := c.BeginRead(ctx)
		require.NoError(t, err)
		assert.Error(t, tx.AddGrant(catalog.Grant{Object: privilege.CatalogKey, Principal: "users", Privilege: privilege.Select}))
		assert.Error(t, tx.SetOwner(privilege.DatabaseKey("default"), "users"))
		assert.Error(t, tx.CreatePrincipal("mallory", catalog.User))
		assert.Error(t, tx.AddMember(catalog.AdminsGroup, "users"))
		_, err = tx.Exec(`INSERT INTO grants VALUES (1, '', '', 1, 'users', 0)`)
		assert.Error(t, err)
		tx.Rollback()
		after, err := c.Dump(ctx)
		require.NoError(t, err)
		assert.Equal(t, before, after, "nothing changed")
	}
}
