package engine

import (
	"github.com/tableacl/tableacl/analyzer"
	"github.com/tableacl/tableacl/privilege"
	"github.com/tableacl/tableacl/sqlerr"
)

// The values a decision returns, named here so that an embedder imports
// engine alone: these are the very types of the packages privilege and
// sqlerr (aliases), so errors.As, JSON and String work on them unchanged.
type (
	// Error is every error a statement fails with: a class, a SQLSTATE, a
	// position and, for INSUFFICIENT_PERMISSIONS, the Denial.
	Error = sqlerr.Error
	// Class is an error's class, such as "TABLE_OR_VIEW_NOT_FOUND"; the
	// classes are sqlerr's constants, and compare with their names.
	Class = sqlerr.Class
	// Denial is the structured form of INSUFFICIENT_PERMISSIONS: the user
	// and one Failure per line of the message (spec §6.7).
	Denial = sqlerr.Denial
	// Failure is one line of a denial: its kind, object and privileges.
	Failure = sqlerr.Failure
	// FailureKind says why a line was written.
	FailureKind = sqlerr.FailureKind
	// Pos is a position in a statement's text: line and column, from 1.
	Pos = sqlerr.Pos
	// Securable is an object privileges are granted on: the catalog, a
	// database, a table or view, a function, ANY FILE, ANONYMOUS FUNCTION.
	Securable = privilege.Securable
	// ObjectType is the type of a Securable; views are tables.
	ObjectType = privilege.ObjectType
	// Privilege is a grantable privilege.
	Privilege = privilege.Privilege
)

// The kinds of a denial's lines.
const (
	MissingPrivilege  = sqlerr.MissingPrivilege  // User does not have permission X on obj.
	NotOwner          = sqlerr.NotOwner          // User does not own obj.
	TransferOwnership = sqlerr.TransferOwnership // User can only transfer ownership of obj to ...
	AdminOnly         = sqlerr.AdminOnly         // Only admins can run STATEMENT.
	Unverifiable      = sqlerr.Unverifiable      // Could not verify permissions for STATEMENT.
)

// The privileges.
const (
	Select              = privilege.Select
	Modify              = privilege.Modify
	ReadMetadata        = privilege.ReadMetadata
	Create              = privilege.Create
	CreateNamedFunction = privilege.CreateNamedFunction
	Usage               = privilege.Usage
	ModifyClasspath     = privilege.ModifyClasspath
	Own                 = privilege.Own
)

// The types of securables.
const (
	CatalogObject           = privilege.Catalog
	DatabaseObject          = privilege.Database
	TableObject             = privilege.Table
	FunctionObject          = privilege.Function
	AnyFileObject           = privilege.AnyFile
	AnonymousFunctionObject = privilege.AnonymousFunction
)

// BuiltinFunction describes one of Spark's built-in functions that
// tableacl knows: its name, kind, parameters and what it returns. Calls of
// built-ins need no privilege (spec §2.6).
type BuiltinFunction struct {
	Name      string `json:"name"`
	Kind      string `json:"kind"` // scalar, aggregate, window or generator
	Signature string `json:"signature"`
	Doc       string `json:"doc"`
}

// BuiltinFunctions lists the built-in functions, by name: the one table
// that resolves, checks, types and translates their calls (DESCRIBE
// FUNCTION and the shell's help read it too).
func BuiltinFunctions() []BuiltinFunction {
	var out []BuiltinFunction
	for _, b := range analyzer.Builtins() {
		kind := "scalar"
		switch b.Kind {
		case analyzer.Aggregate:
			kind = "aggregate"
		case analyzer.Ranking, analyzer.Offset, analyzer.Navigation:
			kind = "window"
		case analyzer.Generator:
			kind = "generator"
		}
		out = append(out, BuiltinFunction{Name: b.Name, Kind: kind, Signature: b.Signature(), Doc: b.Doc})
	}
	return out
}
