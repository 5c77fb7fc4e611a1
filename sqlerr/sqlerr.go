// Package sqlerr defines the errors every stage of tableacl returns: a class
// (PARSE_SYNTAX_ERROR, INSUFFICIENT_PERMISSIONS, ...), its SQLSTATE, the
// position of the offending token, and the exact text of spec §11. A
// permission failure also carries a structured Denial that callers inspect
// with errors.As instead of matching text.
//
// It is a leaf package beside privilege: parser, analyzer, catalog and
// engine all produce these values.
package sqlerr

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/tableacl/tableacl/privilege"
)

// Pos is a 1-based line and column (columns count Unicode code points).
// The zero Pos means "no position".
type Pos struct {
	Line int `json:"line"`
	Col  int `json:"col"`
}

// IsValid reports whether p names a place.
func (p Pos) IsValid() bool { return p.Line > 0 }

func (p Pos) String() string { return fmt.Sprintf("%d:%d", p.Line, p.Col) }

// Error is one statement's failure.
type Error struct {
	Class  string  `json:"class"`             // e.g. "TABLE_OR_VIEW_NOT_FOUND"
	State  string  `json:"sqlstate"`          // SQLSTATE, e.g. "42P01"
	Pos    Pos     `json:"position,omitzero"` // zero when the error has no place
	Msg    string  `json:"message"`           // the whole text of spec §11, without position
	Denial *Denial `json:"denial,omitempty"`  // set for INSUFFICIENT_PERMISSIONS
	cause  error   // what an INTERNAL_ERROR wraps
}

func (e *Error) Error() string { return e.Msg }

// Unwrap returns the failure an INTERNAL_ERROR wraps, so that errors.Is
// finds it (engine.ErrCancelled, a storage error).
func (e *Error) Unwrap() error { return e.cause }

// States returns every error class with its SQLSTATE.
func States() map[string]string {
	out := make(map[string]string, len(states))
	for c, s := range states {
		out[c] = s
	}
	return out
}

// states maps each class to its SQLSTATE (spec §11).
var states = map[string]string{
	"PARSE_SYNTAX_ERROR":                                     "42601",
	"UNCLOSED_BRACKETED_COMMENT":                             "42601",
	"GRANT_OPTION_UNSUPPORTED":                               "0LP01",
	"UNKNOWN_ACTION_TYPE":                                    "42601",
	"MSCK_CATALOG":                                           "0A000",
	"INVALID_SQL_SYNTAX":                                     "42000",
	"NON_LAST_MATCHED_CLAUSE_OMIT_CONDITION":                 "42613",
	"NON_LAST_NOT_MATCHED_BY_TARGET_CLAUSE_OMIT_CONDITION":   "42613",
	"IDENTIFIER_TOO_MANY_NAME_PARTS":                         "42601",
	"INVALID_SCHEMA_OR_RELATION_NAME":                        "42602",
	"INVALID_COLUMN_NAME":                                    "42602",
	"INVALID_PRINCIPAL_NAME":                                 "42602",
	"UNSUPPORTED_DATATYPE":                                   "0A000",
	"INSUFFICIENT_PERMISSIONS":                               "42501",
	"CATALOG_NOT_FOUND":                                      "42P08",
	"SCHEMA_NOT_FOUND":                                       "42704",
	"TABLE_OR_VIEW_NOT_FOUND":                                "42P01",
	"ROUTINE_NOT_FOUND":                                      "42883",
	"UNRESOLVED_ROUTINE":                                     "42883",
	"UNRESOLVED_COLUMN":                                      "42703",
	"AMBIGUOUS_REFERENCE":                                    "42704",
	"PRINCIPAL_DOES_NOT_EXIST":                               "42704",
	"EXPECT_TABLE_NOT_VIEW":                                  "42809",
	"EXPECT_VIEW_NOT_TABLE":                                  "42809",
	"INVALID_TEMP_OBJ_REFERENCE":                             "42K0F",
	"RECURSIVE_VIEW":                                         "42K0H",
	"WRONG_NUM_ARGS":                                         "42605",
	"NUM_COLUMNS_MISMATCH":                                   "42826",
	"INSERT_COLUMN_ARITY_MISMATCH":                           "21S01",
	"CREATE_VIEW_COLUMN_ARITY_MISMATCH":                      "21S01",
	"COLUMN_ALREADY_EXISTS":                                  "42711",
	"CANNOT_RENAME_ACROSS_SCHEMA":                            "0AKD0",
	"CONFIG_NOT_AVAILABLE":                                   "42K0I",
	"UNSUPPORTED_FEATURE":                                    "0A000",
	"INVALID_PRIVILEGE":                                      "0LP01",
	"TABLE_OR_VIEW_ALREADY_EXISTS":                           "42P07",
	"SCHEMA_ALREADY_EXISTS":                                  "42P06",
	"ROUTINE_ALREADY_EXISTS":                                 "42723",
	"PRINCIPAL_ALREADY_EXISTS":                               "42710",
	"SCHEMA_NOT_EMPTY":                                       "2BP01",
	"FORBIDDEN_OPERATION":                                    "42809",
	"LAST_ADMIN":                                             "42809",
	"PRINCIPAL_OWNS_OBJECTS":                                 "2BP01",
	"GROUP_MEMBERSHIP_CYCLE":                                 "0LP01",
	"INVALID_CONF_VALUE":                                     "22022",
	"PATH_NOT_FOUND":                                         "42K03",
	"DELTA_NOT_NULL_CONSTRAINT_VIOLATED":                     "23502",
	"SCALAR_SUBQUERY_TOO_MANY_ROWS":                          "21000",
	"DELTA_MULTIPLE_SOURCE_ROW_MATCHING_TARGET_ROW_IN_MERGE": "21506",
	"INVALID_WHERE_CONDITION":                                "42903",
	"NESTED_AGGREGATE_FUNCTION":                              "42607",
	"GROUP_BY_AGGREGATE":                                     "42903",
	"MISSING_AGGREGATION":                                    "42803",
	"MISSING_GROUP_BY":                                       "42803",
	"GROUP_BY_POS_AGGREGATE":                                 "42903",
	"GROUP_BY_POS_OUT_OF_RANGE":                              "42805",
	"ORDER_BY_POS_OUT_OF_RANGE":                              "42805",
	"INVALID_USAGE_OF_STAR_OR_REGEX":                         "42000",
	"WINDOW_FUNCTION_WITHOUT_OVER_CLAUSE":                    "42601",
	"WINDOW_FUNCTION_NOT_ALLOWED_IN_CLAUSE":                  "42601",
	"UNSUPPORTED_EXPR_FOR_WINDOW":                            "42P20",
	"UNSUPPORTED_EXPR_FOR_OPERATOR":                          "42K0E",
	"DISTINCT_WINDOW_FUNCTION_UNSUPPORTED":                   "0A000",
	"INVALID_LIMIT_LIKE_EXPRESSION":                          "42K0E",
	"INVALID_SUBQUERY_EXPRESSION":                            "42823",
	"DATATYPE_MISMATCH":                                      "42K09",
	"INCOMPATIBLE_VIEW_SCHEMA_CHANGE":                        "51024",
	"ARITHMETIC_OVERFLOW":                                    "22003",
	"DUPLICATED_CTE_NAMES":                                   "42602",
	"DUPLICATE_ASSIGNMENTS":                                  "42701",
	"DUPLICATE_ROUTINE_PARAMETER_NAMES":                      "42734",
	"_LEGACY_ERROR_TEMP_1031":                                "42000",
	"_LEGACY_ERROR_TEMP_1037":                                "42000",
	"STATEMENT_TOO_COMPLEX":                                  "54001",
	"VIEW_EXCEED_MAX_NESTED_DEPTH":                           "54K00",
	"DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION":                "22003",
	"CATALOG_BUSY":                                           "55006",
	"CATALOG_READ_ONLY":                                      "25006",
	"INTERNAL_ERROR":                                         "XX000",
}

// unbracketed lists the classes whose text carries no "[CLASS] " prefix:
// the legacy ACL messages (spec §11).
var unbracketed = map[string]bool{
	"GRANT_OPTION_UNSUPPORTED": true,
	"UNKNOWN_ACTION_TYPE":      true,
	"MSCK_CATALOG":             true,
	"INVALID_PRIVILEGE":        true,
	// Spark prints its legacy conditions without their name.
	"_LEGACY_ERROR_TEMP_1031": true,
	"_LEGACY_ERROR_TEMP_1037": true,
}

// New builds an error of class at pos. The text is "[CLASS] " followed by the
// formatted message, except for the legacy classes that carry no prefix. A
// sub-condition ("PARENT.SUB") takes the SQLSTATE of its parent, as in Spark.
func New(class string, pos Pos, format string, args ...any) *Error {
	state, ok := states[class]
	if !ok {
		parent, _, _ := strings.Cut(class, ".")
		state, ok = states[parent]
	}
	if !ok {
		panic("sqlerr: unknown class " + class)
	}
	msg := fmt.Sprintf(format, args...)
	if !unbracketed[class] {
		msg = "[" + class + "] " + msg
	}
	return &Error{Class: class, State: state, Pos: pos, Msg: msg}
}

// Internal wraps a storage failure. It is never an authorization outcome.
func Internal(err error) *Error {
	e := New("INTERNAL_ERROR", Pos{}, "%s", err.Error())
	e.cause = err
	return e
}

// As returns err as an *Error, wrapping anything else as INTERNAL_ERROR.
func As(err error) *Error {
	if err == nil {
		return nil
	}
	if e, ok := err.(*Error); ok {
		return e
	}
	return Internal(err)
}

// FailureKind says why one line of a permission error was written.
type FailureKind uint8

// The kinds of line in an INSUFFICIENT_PERMISSIONS error (spec §6.7, §11).
const (
	MissingPrivilege  FailureKind = iota + 1 // User does not have permission X on obj.
	NotOwner                                 // User does not own obj.
	TransferOwnership                        // User can only transfer ownership of obj ...
	AdminOnly                                // Only admins can run STATEMENT.
	Unverifiable                             // Could not verify permissions for STATEMENT.
)

var kindNames = [...]string{
	MissingPrivilege:  "MISSING_PRIVILEGE",
	NotOwner:          "NOT_OWNER",
	TransferOwnership: "TRANSFER_OWNERSHIP",
	AdminOnly:         "ADMIN_ONLY",
	Unverifiable:      "UNVERIFIABLE",
}

// String names the kind: "MISSING_PRIVILEGE", "NOT_OWNER", ...
func (k FailureKind) String() string {
	if int(k) < len(kindNames) && kindNames[k] != "" {
		return kindNames[k]
	}
	return "UNKNOWN"
}

// MarshalText writes k as its name.
func (k FailureKind) MarshalText() ([]byte, error) {
	if k.String() == "UNKNOWN" {
		return nil, fmt.Errorf("sqlerr: no name for failure kind %d", uint8(k))
	}
	return []byte(k.String()), nil
}

// UnmarshalText reads a name that MarshalText wrote.
func (k *FailureKind) UnmarshalText(text []byte) error {
	for i, n := range kindNames {
		if n != "" && n == string(text) {
			*k = FailureKind(i)
			return nil
		}
	}
	return fmt.Errorf("sqlerr: unknown failure kind %q", text)
}

// Failure is one line of a denial. Marshalled to JSON it also carries the
// line's text.
type Failure struct {
	Kind       FailureKind           `json:"kind"`
	Object     privilege.Securable   `json:"object,omitzero"`      // MissingPrivilege, NotOwner, TransferOwnership
	Privileges []privilege.Privilege `json:"privileges,omitempty"` // MissingPrivilege: sorted by name, distinct
	Statement  string                `json:"statement,omitempty"`  // AdminOnly, Unverifiable: e.g. "CREATE USER"
}

// MarshalJSON writes the failure's fields and its text.
func (f Failure) MarshalJSON() ([]byte, error) {
	type fields Failure // without this method
	return json.Marshal(struct {
		fields
		Text string `json:"text"`
	}{fields(f), f.String()})
}

func (f Failure) String() string {
	switch f.Kind {
	case MissingPrivilege:
		ps := make([]string, len(f.Privileges))
		for i, p := range f.Privileges {
			ps[i] = p.String()
		}
		return fmt.Sprintf("User does not have permission %s on %s.", strings.Join(ps, ","), f.Object)
	case NotOwner:
		return fmt.Sprintf("User does not own %s.", f.Object)
	case TransferOwnership:
		return fmt.Sprintf("User can only transfer ownership of %s to itself or a group it belongs to.", f.Object)
	case AdminOnly:
		return fmt.Sprintf("Only admins can run %s.", f.Statement)
	case Unverifiable:
		return fmt.Sprintf("Could not verify permissions for %s.", f.Statement)
	}
	return "unknown failure"
}

// Denial is a structured permission failure: who was refused, and why.
type Denial struct {
	User     string    `json:"user"`
	Failures []Failure `json:"failures"`
}

// Denied builds the INSUFFICIENT_PERMISSIONS error for d at pos.
func Denied(pos Pos, d *Denial) *Error {
	lines := make([]string, 0, len(d.Failures)+1)
	lines = append(lines, "[INSUFFICIENT_PERMISSIONS] Insufficient privileges:")
	for _, f := range d.Failures {
		lines = append(lines, f.String())
	}
	return &Error{
		Class:  "INSUFFICIENT_PERMISSIONS",
		State:  states["INSUFFICIENT_PERMISSIONS"],
		Pos:    pos,
		Msg:    strings.Join(lines, "\n"),
		Denial: d,
	}
}

// Collector gathers failed requests per securable in first-failure order and
// renders them as spec §6.7 asks: at most two lines per securable, the
// ownership line first, then the missing privileges sorted and joined.
type Collector struct {
	order []privilege.Securable
	own   map[privilege.Securable]bool
	privs map[privilege.Securable]map[privilege.Privilege]bool
}

func (c *Collector) touch(s privilege.Securable) {
	if c.own == nil {
		c.own = map[privilege.Securable]bool{}
		c.privs = map[privilege.Securable]map[privilege.Privilege]bool{}
	}
	if _, seen := c.privs[s]; !seen {
		c.privs[s] = map[privilege.Privilege]bool{}
		c.order = append(c.order, s)
	}
}

// Privilege records that the caller lacks p on s.
func (c *Collector) Privilege(s privilege.Securable, p privilege.Privilege) {
	c.touch(s)
	c.privs[s][p] = true
}

// NotOwner records a failed MANAGE or OWN request on s.
func (c *Collector) NotOwner(s privilege.Securable) {
	c.touch(s)
	c.own[s] = true
}

// Empty reports whether nothing failed.
func (c *Collector) Empty() bool { return len(c.order) == 0 }

// Failures returns the lines in the order of §6.7.
func (c *Collector) Failures() []Failure {
	var out []Failure
	for _, s := range c.order {
		if c.own[s] {
			out = append(out, Failure{Kind: NotOwner, Object: s})
		}
		if len(c.privs[s]) > 0 {
			ps := make([]privilege.Privilege, 0, len(c.privs[s]))
			for p := range c.privs[s] {
				ps = append(ps, p)
			}
			sort.Slice(ps, func(i, j int) bool { return ps[i].String() < ps[j].String() })
			out = append(out, Failure{Kind: MissingPrivilege, Object: s, Privileges: ps})
		}
	}
	return out
}
