package sqlerr

import "github.com/tableacl/tableacl/privilege"

// The constructors below are the one place where the text of a class that
// several statements or stages raise is written (spec §11), so its wording
// cannot drift between them. Names arrive as the message shows them
// (already quoted, "`db`.`t`") unless the parameter says it is raw.

// NewColumnAlreadyExists is COLUMN_ALREADY_EXISTS for the raw column name.
func NewColumnAlreadyExists(pos Pos, column string) *Error {
	return New(ColumnAlreadyExists, pos, "The column %s already exists.", privilege.Quote(column))
}

// NewInvalidColumnName is INVALID_COLUMN_NAME for the raw column name.
func NewInvalidColumnName(pos Pos, column string) *Error {
	return New(InvalidColumnName, pos, "%s is not a valid column name. Valid names only contain alphabet characters, numbers and _.", privilege.Quote(column))
}

// NewUnresolvedColumn is UNRESOLVED_COLUMN for a column as the message
// shows it.
func NewUnresolvedColumn(pos Pos, column string) *Error {
	return New(UnresolvedColumn, pos, "A column or function parameter with name %s cannot be resolved.", column)
}

// NewTableOrViewAlreadyExists is TABLE_OR_VIEW_ALREADY_EXISTS.
func NewTableOrViewAlreadyExists(pos Pos, relation string) *Error {
	return New(TableOrViewAlreadyExists, pos, "Cannot create table or view %s because it already exists.", relation)
}

// NewRoutineAlreadyExists is ROUTINE_ALREADY_EXISTS.
func NewRoutineAlreadyExists(pos Pos, function string) *Error {
	return New(RoutineAlreadyExists, pos, "Cannot create the function %s because it already exists.", function)
}

// NewRecursiveView is RECURSIVE_VIEW for a view or function ("view",
// "function") whose definition would reach itself along cycle ("a -> b
// -> a").
func NewRecursiveView(pos Pos, kind, name, cycle string) *Error {
	return New(RecursiveView, pos, "Recursive %s %s detected (cycle: %s).", kind, name, cycle)
}

// NewInsertColumnArityMismatch is INSERT_COLUMN_ARITY_MISMATCH: the target
// has want columns, the data got.
func NewInsertColumnArityMismatch(pos Pos, relation string, want, got int) *Error {
	return New(InsertColumnArityMismatch, pos, "Cannot write to %s: the target has %d columns but the data has %d.", relation, want, got)
}

// NewNumColumnsMismatch is NUM_COLUMNS_MISMATCH for operation op (UNION,
// VALUES, ALIAS, ...): the first input has first columns, the input at
// ordinal ("second", "third", ...) has other.
func NewNumColumnsMismatch(pos Pos, op string, first int, ordinal string, other int) *Error {
	return New(NumColumnsMismatch, pos, "%s can only be performed on inputs with the same number of columns, but the first input has %d columns and the %s input has %d columns.", op, first, ordinal, other)
}

// NewIdentifierTooManyNameParts is IDENTIFIER_TOO_MANY_NAME_PARTS for a
// name that may have at most max parts.
func NewIdentifierTooManyNameParts(pos Pos, name string, max int) *Error {
	return New(IdentifierTooManyNameParts, pos, "%s is not a valid identifier as it has more than %d name parts.", name, max)
}

// NewPrincipalDoesNotExist is PRINCIPAL_DOES_NOT_EXIST; kind is
// "principal", "user" or "group".
func NewPrincipalDoesNotExist(pos Pos, kind, name string) *Error {
	return New(PrincipalDoesNotExist, pos, "Could not find %s with name %s.", kind, name)
}

// NewPathNotFound is PATH_NOT_FOUND.
func NewPathNotFound(pos Pos, path string) *Error {
	return New(PathNotFound, pos, "Path does not exist: %s.", path)
}

// NewGroupByAggregate is GROUP_BY_AGGREGATE for the call as written.
func NewGroupByAggregate(pos Pos, call string) *Error {
	return New(GroupByAggregate, pos, "Aggregate functions are not allowed in GROUP BY, but found %s.", call)
}

// NewForbiddenOperation is FORBIDDEN_OPERATION: op (DROP GROUP, ...) on
// the object of kind (group, schema) shown as name.
func NewForbiddenOperation(pos Pos, op, kind, name string) *Error {
	return New(ForbiddenOperation, pos, "The operation %s is not allowed on the %s: %s.", op, kind, name)
}

// NewSyntaxError is PARSE_SYNTAX_ERROR at the offending token, as written;
// "" is the end of the input.
func NewSyntaxError(pos Pos, token string) *Error {
	if token == "" {
		return New(ParseSyntaxError, pos, "Syntax error at or near end of input.")
	}
	return New(ParseSyntaxError, pos, "Syntax error at or near '%s'.", token)
}

// NewUnsupportedDatatype is UNSUPPORTED_DATATYPE for a type as written.
func NewUnsupportedDatatype(pos Pos, typ string) *Error {
	return New(UnsupportedDatatype, pos, "Unsupported data type %s.", typ)
}

// NewClassFunction is the UNSUPPORTED_FEATURE of a call of a function
// defined by a class (spec §9.1), shown as name.
func NewClassFunction(pos Pos, name, class string) *Error {
	return New(UnsupportedFeature, pos, "The function %s is defined by the class '%s' and cannot be executed.", name, class)
}
