// Package access holds the key to the catalog's write transactions. Only
// the packages of this module can import it, so only they can begin one,
// and the engine does so only to run a statement it has decided: nothing
// outside the module can change grants, owners or principals without a
// decision. It is a leaf: it imports nothing.
package access

// Key is the key to write transactions; Write is the only one that opens
// them. A Key made any other way (reflection included) is a different
// pointer and opens nothing.
type Key struct{ _ byte }

// Write opens write transactions (catalog.Catalog.Begin).
var Write = &Key{}
