// Package privilege is the shared vocabulary of tableacl: the privileges of
// the Hive-metastore table ACL model, the securable object types, the keys
// that name a securable, and the table of which privilege applies to which
// type (spec §4.1). It is a leaf: parser, analyzer and catalog all import it,
// and it imports nothing of the project.
//
// The numeric values of Privilege and ObjectType are stored in catalog
// files; they are frozen and new values may only be appended.
package privilege

import (
	"fmt"
	"strings"
)

// Privilege is one grantable action type.
type Privilege uint8

// The privileges of spec §4.1, plus Own, which is not a privilege (it cannot
// be granted) but names ownership where an action type is shown or parsed.
const (
	Select              Privilege = 1
	Modify              Privilege = 2
	ReadMetadata        Privilege = 3
	Create              Privilege = 4
	CreateNamedFunction Privilege = 5
	Usage               Privilege = 6
	ModifyClasspath     Privilege = 7
	Own                 Privilege = 8
)

var names = [...]string{
	Select:              "SELECT",
	Modify:              "MODIFY",
	ReadMetadata:        "READ_METADATA",
	Create:              "CREATE",
	CreateNamedFunction: "CREATE_NAMED_FUNCTION",
	Usage:               "USAGE",
	ModifyClasspath:     "MODIFY_CLASSPATH",
	Own:                 "OWN",
}

// String returns the upper-case action type name, e.g. "READ_METADATA".
func (p Privilege) String() string {
	if int(p) < len(names) && names[p] != "" {
		return names[p]
	}
	return "UNKNOWN"
}

// Parse maps an action type name, in any case, to its Privilege. OWN parses
// (so that callers can reject it with INVALID_PRIVILEGE); unknown names do not.
func Parse(name string) (Privilege, bool) {
	for p, n := range names {
		if n != "" && strings.EqualFold(n, name) {
			return Privilege(p), true
		}
	}
	return 0, false
}

// MarshalText writes p as its name, so that a denial marshalled to JSON
// reads "SELECT", not a number.
func (p Privilege) MarshalText() ([]byte, error) {
	if int(p) >= len(names) || names[p] == "" {
		return nil, fmt.Errorf("privilege: no name for %d", uint8(p))
	}
	return []byte(names[p]), nil
}

// UnmarshalText reads a name that MarshalText wrote, in any case.
func (p *Privilege) UnmarshalText(text []byte) error {
	q, ok := Parse(string(text))
	if !ok {
		return fmt.Errorf("privilege: unknown privilege %q", text)
	}
	*p = q
	return nil
}

// ObjectType is the type of a securable. Views share the Table type (§2.1).
type ObjectType uint8

// Securable object types (spec §2.1).
const (
	Catalog           ObjectType = 1
	Database          ObjectType = 2
	Table             ObjectType = 3
	Function          ObjectType = 4
	AnyFile           ObjectType = 5
	AnonymousFunction ObjectType = 6
)

var typeNames = [...]string{
	Catalog:           "CATALOG",
	Database:          "DATABASE",
	Table:             "TABLE",
	Function:          "FUNCTION",
	AnyFile:           "ANY_FILE",
	AnonymousFunction: "ANONYMOUS_FUNCTION",
}

// String names the type as the grammar does: "TABLE", "ANY_FILE".
func (t ObjectType) String() string {
	if int(t) < len(typeNames) && typeNames[t] != "" {
		return typeNames[t]
	}
	return "UNKNOWN"
}

// MarshalText writes t as its name.
func (t ObjectType) MarshalText() ([]byte, error) {
	if t.String() == "UNKNOWN" {
		return nil, fmt.Errorf("privilege: no name for object type %d", uint8(t))
	}
	return []byte(t.String()), nil
}

// UnmarshalText reads a name that MarshalText wrote, in any case.
func (t *ObjectType) UnmarshalText(text []byte) error {
	for i, n := range typeNames {
		if n != "" && strings.EqualFold(n, string(text)) {
			*t = ObjectType(i)
			return nil
		}
	}
	return fmt.Errorf("privilege: unknown object type %q", text)
}

// applicable lists, per type, the privileges that may be granted on it, in
// the order ALL PRIVILEGES expands to (spec §4.1, §4.2).
var applicable = map[ObjectType][]Privilege{
	Catalog:           {Select, Modify, ReadMetadata, Create, CreateNamedFunction, Usage, ModifyClasspath},
	Database:          {Select, Modify, ReadMetadata, Create, CreateNamedFunction, Usage},
	Table:             {Select, Modify, ReadMetadata},
	Function:          {Select, ReadMetadata},
	AnyFile:           {Select, Modify},
	AnonymousFunction: {Select},
}

// acceptedOnly lists, per type, the privileges that may be granted on it
// but that ALL PRIVILEGES does not expand to: READ_METADATA on ANY FILE,
// which real workspaces accept and migration tools grant, and which
// enables nothing (spec §4.1).
var acceptedOnly = map[ObjectType][]Privilege{
	AnyFile: {ReadMetadata},
}

// All returns the privileges that ALL PRIVILEGES expands to on t.
func All(t ObjectType) []Privilege {
	return append([]Privilege(nil), applicable[t]...)
}

// Grantable returns every privilege that may be granted, revoked or
// denied on t: those of All, then those accepted only (REVOKE ALL
// PRIVILEGES removes them all, spec §4.2).
func Grantable(t ObjectType) []Privilege {
	return append(All(t), acceptedOnly[t]...)
}

// Valid reports whether p may be granted, revoked or denied on t. Own is
// never valid.
func Valid(t ObjectType, p Privilege) bool {
	for _, q := range Grantable(t) {
		if q == p {
			return true
		}
	}
	return false
}

// Securable is the key of one securable object. DB and Name are lower case.
// Catalog, AnyFile and AnonymousFunction have neither; a Database has only DB.
type Securable struct {
	Type ObjectType `json:"type"`
	DB   string     `json:"db,omitempty"`
	Name string     `json:"name,omitempty"`
}

// The singleton securables.
var (
	CatalogKey           = Securable{Type: Catalog}
	AnyFileKey           = Securable{Type: AnyFile}
	AnonymousFunctionKey = Securable{Type: AnonymousFunction}
)

// DatabaseKey, TableKey and FunctionKey build keys of the named objects.
func DatabaseKey(db string) Securable       { return Securable{Type: Database, DB: db} }
func TableKey(db, name string) Securable    { return Securable{Type: Table, DB: db, Name: name} }
func FunctionKey(db, name string) Securable { return Securable{Type: Function, DB: db, Name: name} }

// InDatabase reports the database that s is, or lies in (the database whose
// USAGE the rule of §6.5 asks for).
func (s Securable) InDatabase() (string, bool) {
	switch s.Type {
	case Database, Table, Function:
		return s.DB, true
	}
	return "", false
}

// Ancestors returns the securables whose grants reach s (§6.2): for a table or
// function its database and the catalog; for a database the catalog.
func (s Securable) Ancestors() []Securable {
	switch s.Type {
	case Table, Function:
		return []Securable{DatabaseKey(s.DB), CatalogKey}
	case Database:
		return []Securable{CatalogKey}
	}
	return nil
}

// Depth orders securables in SHOW GRANT output (§10.3).
func (s Securable) Depth() int {
	switch s.Type {
	case Database:
		return 1
	case Table, Function:
		return 2
	}
	return 0
}

// ShowType is the ObjectType column of SHOW GRANT (§10.2).
func (s Securable) ShowType() string {
	switch s.Type {
	case Catalog:
		return "CATALOG$"
	case Database:
		return "DATABASE"
	case Table:
		return "TABLE"
	case Function:
		return "FUNCTION"
	case AnyFile:
		return "ANY_FILE"
	case AnonymousFunction:
		return "ANONYMOUS_FUNCTION"
	}
	return "UNKNOWN"
}

// Key is the ObjectKey column of SHOW GRANT (§10.2).
func (s Securable) Key() string {
	switch s.Type {
	case Database:
		return s.DB
	case Table, Function:
		return Quote(s.DB) + "." + Quote(s.Name)
	}
	return ""
}

// String is the object phrase of permission errors (§6.7), e.g.
// "table `sales`.`orders`" or "database `sales`".
func (s Securable) String() string {
	switch s.Type {
	case Catalog:
		return "CATALOG"
	case Database:
		return "database " + Quote(s.DB)
	case Table:
		return "table " + s.Key()
	case Function:
		return "function " + s.Key()
	case AnyFile:
		return "any file"
	case AnonymousFunction:
		return "anonymous function"
	}
	return "unknown object"
}

// Quote backticks one name part, doubling backticks inside it.
func Quote(part string) string {
	return "`" + strings.ReplaceAll(part, "`", "``") + "`"
}
