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
	Class  Class   `json:"class"`             // e.g. TableOrViewNotFound, "TABLE_OR_VIEW_NOT_FOUND"
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
		out[string(c)] = s
	}
	return out
}

// Lookup returns the class named name, or false when there is none (a
// name read from outside the program, such as a failure SQLite reports).
func Lookup(name string) (Class, bool) {
	c := Class(name)
	if _, ok := states[c]; ok {
		return c, true
	}
	parent, _, sub := strings.Cut(name, ".")
	_, ok := states[Class(parent)]
	return c, ok && sub
}

// Class is an error class, Spark's error condition (spec §11). The classes
// are the constants below, one per condition, never renamed: clients match
// them, and each maps to its SQLSTATE in states.
type Class string

// The error classes.
const (
	ParseSyntaxError                                                     Class = "PARSE_SYNTAX_ERROR"
	UnclosedBracketedComment                                             Class = "UNCLOSED_BRACKETED_COMMENT"
	GrantOptionUnsupported                                               Class = "GRANT_OPTION_UNSUPPORTED"
	UnknownActionType                                                    Class = "UNKNOWN_ACTION_TYPE"
	MsckCatalog                                                          Class = "MSCK_CATALOG"
	InvalidSQLSyntax                                                     Class = "INVALID_SQL_SYNTAX"
	NonLastMatchedClauseOmitCondition                                    Class = "NON_LAST_MATCHED_CLAUSE_OMIT_CONDITION"
	NonLastNotMatchedByTargetClauseOmitCondition                         Class = "NON_LAST_NOT_MATCHED_BY_TARGET_CLAUSE_OMIT_CONDITION"
	IdentifierTooManyNameParts                                           Class = "IDENTIFIER_TOO_MANY_NAME_PARTS"
	InvalidSchemaOrRelationName                                          Class = "INVALID_SCHEMA_OR_RELATION_NAME"
	InvalidColumnName                                                    Class = "INVALID_COLUMN_NAME"
	InvalidPrincipalName                                                 Class = "INVALID_PRINCIPAL_NAME"
	UnsupportedDatatype                                                  Class = "UNSUPPORTED_DATATYPE"
	InsufficientPermissions                                              Class = "INSUFFICIENT_PERMISSIONS"
	CatalogNotFound                                                      Class = "CATALOG_NOT_FOUND"
	SchemaNotFound                                                       Class = "SCHEMA_NOT_FOUND"
	TableOrViewNotFound                                                  Class = "TABLE_OR_VIEW_NOT_FOUND"
	RoutineNotFound                                                      Class = "ROUTINE_NOT_FOUND"
	UnresolvedRoutine                                                    Class = "UNRESOLVED_ROUTINE"
	UnresolvedColumn                                                     Class = "UNRESOLVED_COLUMN"
	AmbiguousReference                                                   Class = "AMBIGUOUS_REFERENCE"
	PrincipalDoesNotExist                                                Class = "PRINCIPAL_DOES_NOT_EXIST"
	ExpectTableNotView                                                   Class = "EXPECT_TABLE_NOT_VIEW"
	ExpectViewNotTable                                                   Class = "EXPECT_VIEW_NOT_TABLE"
	InvalidTempObjReference                                              Class = "INVALID_TEMP_OBJ_REFERENCE"
	RecursiveView                                                        Class = "RECURSIVE_VIEW"
	WrongNumArgs                                                         Class = "WRONG_NUM_ARGS"
	NumColumnsMismatch                                                   Class = "NUM_COLUMNS_MISMATCH"
	InsertColumnArityMismatch                                            Class = "INSERT_COLUMN_ARITY_MISMATCH"
	CreateViewColumnArityMismatch                                        Class = "CREATE_VIEW_COLUMN_ARITY_MISMATCH"
	ColumnAlreadyExists                                                  Class = "COLUMN_ALREADY_EXISTS"
	CannotRenameAcrossSchema                                             Class = "CANNOT_RENAME_ACROSS_SCHEMA"
	ConfigNotAvailable                                                   Class = "CONFIG_NOT_AVAILABLE"
	UnsupportedFeature                                                   Class = "UNSUPPORTED_FEATURE"
	UnsupportedGenerator                                                 Class = "UNSUPPORTED_GENERATOR"
	UnsupportedGrouping                                                  Class = "UNSUPPORTED_GROUPING_EXPRESSION"
	FieldNotFound                                                        Class = "FIELD_NOT_FOUND"
	UserRaisedException                                                  Class = "USER_RAISED_EXCEPTION"
	InvalidEsc                                                           Class = "INVALID_ESC"
	InvalidParameterValue                                                Class = "INVALID_PARAMETER_VALUE"
	InvalidParameterValueDatetimeUnit                                    Class = "INVALID_PARAMETER_VALUE.DATETIME_UNIT"
	QueryExecutionTimeoutExceeded                                        Class = "QUERY_EXECUTION_TIMEOUT_EXCEEDED"
	InvalidWithinGroupExpression                                         Class = "INVALID_WITHIN_GROUP_EXPRESSION"
	InvalidWithinGroupExpressionWithinGroupMissing                       Class = "INVALID_WITHIN_GROUP_EXPRESSION.WITHIN_GROUP_MISSING"
	InvalidWithinGroupExpressionWrongNumOrderings                        Class = "INVALID_WITHIN_GROUP_EXPRESSION.WRONG_NUM_ORDERINGS"
	InvalidPrivilege                                                     Class = "INVALID_PRIVILEGE"
	TableOrViewAlreadyExists                                             Class = "TABLE_OR_VIEW_ALREADY_EXISTS"
	SchemaAlreadyExists                                                  Class = "SCHEMA_ALREADY_EXISTS"
	RoutineAlreadyExists                                                 Class = "ROUTINE_ALREADY_EXISTS"
	PrincipalAlreadyExists                                               Class = "PRINCIPAL_ALREADY_EXISTS"
	SchemaNotEmpty                                                       Class = "SCHEMA_NOT_EMPTY"
	ForbiddenOperation                                                   Class = "FORBIDDEN_OPERATION"
	LastAdmin                                                            Class = "LAST_ADMIN"
	PrincipalOwnsObjects                                                 Class = "PRINCIPAL_OWNS_OBJECTS"
	GroupMembershipCycle                                                 Class = "GROUP_MEMBERSHIP_CYCLE"
	InvalidConfValue                                                     Class = "INVALID_CONF_VALUE"
	PathNotFound                                                         Class = "PATH_NOT_FOUND"
	DeltaNotNullConstraintViolated                                       Class = "DELTA_NOT_NULL_CONSTRAINT_VIOLATED"
	ScalarSubqueryTooManyRows                                            Class = "SCALAR_SUBQUERY_TOO_MANY_ROWS"
	DeltaMultipleSourceRowMatchingTargetRowInMerge                       Class = "DELTA_MULTIPLE_SOURCE_ROW_MATCHING_TARGET_ROW_IN_MERGE"
	InvalidWhereCondition                                                Class = "INVALID_WHERE_CONDITION"
	NestedAggregateFunction                                              Class = "NESTED_AGGREGATE_FUNCTION"
	GroupByAggregate                                                     Class = "GROUP_BY_AGGREGATE"
	MissingAggregation                                                   Class = "MISSING_AGGREGATION"
	MissingWindowSpecification                                           Class = "MISSING_WINDOW_SPECIFICATION"
	MissingGroupBy                                                       Class = "MISSING_GROUP_BY"
	GroupByPosAggregate                                                  Class = "GROUP_BY_POS_AGGREGATE"
	GroupByPosOutOfRange                                                 Class = "GROUP_BY_POS_OUT_OF_RANGE"
	OrderByPosOutOfRange                                                 Class = "ORDER_BY_POS_OUT_OF_RANGE"
	InvalidUsageOfStarOrRegex                                            Class = "INVALID_USAGE_OF_STAR_OR_REGEX"
	WindowFunctionWithoutOverClause                                      Class = "WINDOW_FUNCTION_WITHOUT_OVER_CLAUSE"
	WindowFunctionNotAllowedInClause                                     Class = "WINDOW_FUNCTION_NOT_ALLOWED_IN_CLAUSE"
	UnsupportedExprForWindow                                             Class = "UNSUPPORTED_EXPR_FOR_WINDOW"
	UnsupportedExprForOperator                                           Class = "UNSUPPORTED_EXPR_FOR_OPERATOR"
	DistinctWindowFunctionUnsupported                                    Class = "DISTINCT_WINDOW_FUNCTION_UNSUPPORTED"
	InvalidLimitLikeExpression                                           Class = "INVALID_LIMIT_LIKE_EXPRESSION"
	InvalidSubqueryExpression                                            Class = "INVALID_SUBQUERY_EXPRESSION"
	DatatypeMismatch                                                     Class = "DATATYPE_MISMATCH"
	IncompatibleViewSchemaChange                                         Class = "INCOMPATIBLE_VIEW_SCHEMA_CHANGE"
	ArithmeticOverflow                                                   Class = "ARITHMETIC_OVERFLOW"
	DuplicatedCTENames                                                   Class = "DUPLICATED_CTE_NAMES"
	DuplicateAssignments                                                 Class = "DUPLICATE_ASSIGNMENTS"
	DuplicateRoutineParameterNames                                       Class = "DUPLICATE_ROUTINE_PARAMETER_NAMES"
	LegacyErrorTemp1031                                                  Class = "_LEGACY_ERROR_TEMP_1031"
	LegacyErrorTemp1037                                                  Class = "_LEGACY_ERROR_TEMP_1037"
	StatementTooComplex                                                  Class = "STATEMENT_TOO_COMPLEX"
	ViewExceedMaxNestedDepth                                             Class = "VIEW_EXCEED_MAX_NESTED_DEPTH"
	DecimalPrecisionExceedsMaxPrecision                                  Class = "DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION"
	CatalogBusy                                                          Class = "CATALOG_BUSY"
	CatalogReadOnly                                                      Class = "CATALOG_READ_ONLY"
	InternalError                                                        Class = "INTERNAL_ERROR"
	DatatypeMismatchBinaryOpDiffTypes                                    Class = "DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES"
	DatatypeMismatchInSubqueryLengthMismatch                             Class = "DATATYPE_MISMATCH.IN_SUBQUERY_LENGTH_MISMATCH"
	DatatypeMismatchNonFoldableInput                                     Class = "DATATYPE_MISMATCH.NON_FOLDABLE_INPUT"
	DatatypeMismatchSpecifiedWindowFrameUnacceptedType                   Class = "DATATYPE_MISMATCH.SPECIFIED_WINDOW_FRAME_UNACCEPTED_TYPE"
	DatatypeMismatchSpecifiedWindowFrameWrongComparison                  Class = "DATATYPE_MISMATCH.SPECIFIED_WINDOW_FRAME_WRONG_COMPARISON"
	DatatypeMismatchRangeFrameWithoutOrder                               Class = "DATATYPE_MISMATCH.RANGE_FRAME_WITHOUT_ORDER"
	DatatypeMismatchRangeFrameMultiOrder                                 Class = "DATATYPE_MISMATCH.RANGE_FRAME_MULTI_ORDER"
	InvalidLimitLikeExpressionDataType                                   Class = "INVALID_LIMIT_LIKE_EXPRESSION.DATA_TYPE"
	InvalidLimitLikeExpressionIsNegative                                 Class = "INVALID_LIMIT_LIKE_EXPRESSION.IS_NEGATIVE"
	InvalidLimitLikeExpressionIsUnfoldable                               Class = "INVALID_LIMIT_LIKE_EXPRESSION.IS_UNFOLDABLE"
	InvalidLimitLikeExpressionIsNull                                     Class = "INVALID_LIMIT_LIKE_EXPRESSION.IS_NULL"
	InvalidSQLSyntaxFunctionWithUnsupportedSyntax                        Class = "INVALID_SQL_SYNTAX.FUNCTION_WITH_UNSUPPORTED_SYNTAX"
	InvalidSubqueryExpressionScalarSubqueryReturnMoreThanOneOutputColumn Class = "INVALID_SUBQUERY_EXPRESSION.SCALAR_SUBQUERY_RETURN_MORE_THAN_ONE_OUTPUT_COLUMN"
)

// states maps each class to its SQLSTATE (spec §11).
var states = map[Class]string{
	ParseSyntaxError:                               "42601",
	UnclosedBracketedComment:                       "42601",
	GrantOptionUnsupported:                         "0LP01",
	UnknownActionType:                              "42601",
	MsckCatalog:                                    "0A000",
	InvalidSQLSyntax:                               "42000",
	NonLastMatchedClauseOmitCondition:              "42613",
	NonLastNotMatchedByTargetClauseOmitCondition:   "42613",
	IdentifierTooManyNameParts:                     "42601",
	InvalidSchemaOrRelationName:                    "42602",
	InvalidColumnName:                              "42602",
	InvalidPrincipalName:                           "42602",
	UnsupportedDatatype:                            "0A000",
	InsufficientPermissions:                        "42501",
	CatalogNotFound:                                "42P08",
	SchemaNotFound:                                 "42704",
	TableOrViewNotFound:                            "42P01",
	RoutineNotFound:                                "42883",
	UnresolvedRoutine:                              "42883",
	UnresolvedColumn:                               "42703",
	AmbiguousReference:                             "42704",
	PrincipalDoesNotExist:                          "42704",
	ExpectTableNotView:                             "42809",
	ExpectViewNotTable:                             "42809",
	InvalidTempObjReference:                        "42K0F",
	RecursiveView:                                  "42K0H",
	WrongNumArgs:                                   "42605",
	NumColumnsMismatch:                             "42826",
	InsertColumnArityMismatch:                      "21S01",
	CreateViewColumnArityMismatch:                  "21S01",
	ColumnAlreadyExists:                            "42711",
	CannotRenameAcrossSchema:                       "0AKD0",
	ConfigNotAvailable:                             "42K0I",
	UnsupportedFeature:                             "0A000",
	FieldNotFound:                                  "42704",
	UnsupportedGrouping:                            "42K0E",
	UnsupportedGenerator:                           "42K0E",
	UserRaisedException:                            "P0001",
	InvalidEsc:                                     "42604",
	InvalidParameterValue:                          "22023",
	QueryExecutionTimeoutExceeded:                  "57KD0",
	InvalidWithinGroupExpression:                   "42K0K",
	InvalidPrivilege:                               "0LP01",
	TableOrViewAlreadyExists:                       "42P07",
	SchemaAlreadyExists:                            "42P06",
	RoutineAlreadyExists:                           "42723",
	PrincipalAlreadyExists:                         "42710",
	SchemaNotEmpty:                                 "2BP01",
	ForbiddenOperation:                             "42809",
	LastAdmin:                                      "42809",
	PrincipalOwnsObjects:                           "2BP01",
	GroupMembershipCycle:                           "0LP01",
	InvalidConfValue:                               "22022",
	PathNotFound:                                   "42K03",
	DeltaNotNullConstraintViolated:                 "23502",
	ScalarSubqueryTooManyRows:                      "21000",
	DeltaMultipleSourceRowMatchingTargetRowInMerge: "21506",
	InvalidWhereCondition:                          "42903",
	NestedAggregateFunction:                        "42607",
	GroupByAggregate:                               "42903",
	MissingAggregation:                             "42803",
	MissingWindowSpecification:                     "42P20",
	MissingGroupBy:                                 "42803",
	GroupByPosAggregate:                            "42903",
	GroupByPosOutOfRange:                           "42805",
	OrderByPosOutOfRange:                           "42805",
	InvalidUsageOfStarOrRegex:                      "42000",
	WindowFunctionWithoutOverClause:                "42601",
	WindowFunctionNotAllowedInClause:               "42601",
	UnsupportedExprForWindow:                       "42P20",
	UnsupportedExprForOperator:                     "42K0E",
	DistinctWindowFunctionUnsupported:              "0A000",
	InvalidLimitLikeExpression:                     "42K0E",
	InvalidSubqueryExpression:                      "42823",
	DatatypeMismatch:                               "42K09",
	IncompatibleViewSchemaChange:                   "51024",
	ArithmeticOverflow:                             "22003",
	DuplicatedCTENames:                             "42602",
	DuplicateAssignments:                           "42701",
	DuplicateRoutineParameterNames:                 "42734",
	LegacyErrorTemp1031:                            "42000",
	LegacyErrorTemp1037:                            "42000",
	StatementTooComplex:                            "54001",
	ViewExceedMaxNestedDepth:                       "54K00",
	DecimalPrecisionExceedsMaxPrecision:            "22003",
	CatalogBusy:                                    "55006",
	CatalogReadOnly:                                "25006",
	InternalError:                                  "XX000",
}

// unbracketed lists the classes whose text carries no "[CLASS] " prefix:
// the legacy ACL messages (spec §11).
var unbracketed = map[Class]bool{
	GrantOptionUnsupported: true,
	UnknownActionType:      true,
	MsckCatalog:            true,
	InvalidPrivilege:       true,
	// Spark prints its legacy conditions without their name.
	LegacyErrorTemp1031: true,
	LegacyErrorTemp1037: true,
}

// New builds an error of class at pos. The text is "[CLASS] " followed by the
// formatted message, except for the legacy classes that carry no prefix. A
// sub-condition ("PARENT.SUB") takes the SQLSTATE of its parent, as in Spark.
func New(class Class, pos Pos, format string, args ...any) *Error {
	state, ok := states[class]
	if !ok {
		parent, _, _ := strings.Cut(string(class), ".")
		state, ok = states[Class(parent)]
	}
	if !ok {
		panic("sqlerr: unknown class " + class)
	}
	msg := fmt.Sprintf(format, args...)
	if !unbracketed[class] {
		msg = "[" + string(class) + "] " + msg
	}
	return &Error{Class: class, State: state, Pos: pos, Msg: msg}
}

// Internal wraps a storage failure. It is never an authorization outcome.
func Internal(err error) *Error {
	e := New(InternalError, Pos{}, "%s", err.Error())
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
		Class:  InsufficientPermissions,
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
