package sqlerr_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tableacl/tableacl/privilege"
	"github.com/tableacl/tableacl/sqlerr"
)

// A denial marshals to JSON that a person can read: kinds, privileges and
// object types as words, each line with its text, and reads back the same.
func TestDenialJSON(t *testing.T) {
	d := &sqlerr.Denial{User: "alice", Failures: []sqlerr.Failure{
		{Kind: sqlerr.NotOwner, Object: privilege.TableKey("sales", "v")},
		{Kind: sqlerr.MissingPrivilege, Object: privilege.TableKey("sales", "v"), Privileges: []privilege.Privilege{privilege.ReadMetadata, privilege.Select}},
		{Kind: sqlerr.MissingPrivilege, Object: privilege.AnyFileKey, Privileges: []privilege.Privilege{privilege.Select}},
		{Kind: sqlerr.AdminOnly, Statement: "CREATE USER"},
	}}
	err := sqlerr.Denied(sqlerr.Pos{Line: 2, Col: 5}, d)
	b, jerr := json.MarshalIndent(err, "", "  ")
	require.NoError(t, jerr)
	assert.JSONEq(t, `{
	  "class": "INSUFFICIENT_PERMISSIONS",
	  "sqlstate": "42501",
	  "position": {"line": 2, "col": 5},
	  "message": "[INSUFFICIENT_PERMISSIONS] Insufficient privileges:\nUser does not own table `+"`sales`.`v`"+`.\nUser does not have permission READ_METADATA,SELECT on table `+"`sales`.`v`"+`.\nUser does not have permission SELECT on any file.\nOnly admins can run CREATE USER.",
	  "denial": {"user": "alice", "failures": [
	    {"kind": "NOT_OWNER", "object": {"type": "TABLE", "db": "sales", "name": "v"}, "text": "User does not own table `+"`sales`.`v`"+`."},
	    {"kind": "MISSING_PRIVILEGE", "object": {"type": "TABLE", "db": "sales", "name": "v"}, "privileges": ["READ_METADATA", "SELECT"], "text": "User does not have permission READ_METADATA,SELECT on table `+"`sales`.`v`"+`."},
	    {"kind": "MISSING_PRIVILEGE", "object": {"type": "ANY_FILE"}, "privileges": ["SELECT"], "text": "User does not have permission SELECT on any file."},
	    {"kind": "ADMIN_ONLY", "statement": "CREATE USER", "text": "Only admins can run CREATE USER."}
	  ]}
	}`, string(b))

	var back sqlerr.Error
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, d, back.Denial)
	assert.Equal(t, err.Msg, back.Msg)
	assert.Equal(t, "MISSING_PRIVILEGE", sqlerr.MissingPrivilege.String())
	assert.Equal(t, "ANY_FILE", privilege.AnyFile.String())

	var p privilege.Privilege
	assert.Error(t, json.Unmarshal([]byte(`"FLY"`), &p))
	_, merr := json.Marshal(privilege.Privilege(200))
	assert.Error(t, merr, "a privilege without a name does not marshal as a number")
}

// An error without a position marshals without one.
func TestErrorWithoutPosition(t *testing.T) {
	b, err := json.Marshal(sqlerr.New("SCHEMA_NOT_FOUND", sqlerr.Pos{}, "The schema %s cannot be found.", "`x`"))
	require.NoError(t, err)
	assert.JSONEq(t, `{"class": "SCHEMA_NOT_FOUND", "sqlstate": "42704", "message": "[SCHEMA_NOT_FOUND] The schema `+"`x`"+` cannot be found."}`, string(b))
}

// An INTERNAL_ERROR wraps what failed, for errors.Is.
func TestInternalUnwraps(t *testing.T) {
	cause := errors.New("disk I/O error")
	err := sqlerr.Internal(cause)
	assert.ErrorIs(t, err, cause)
	assert.Equal(t, "[INTERNAL_ERROR] disk I/O error", err.Error())
	var e *sqlerr.Error
	require.ErrorAs(t, error(err), &e)
	assert.Equal(t, "INTERNAL_ERROR", string(e.Class))
}
