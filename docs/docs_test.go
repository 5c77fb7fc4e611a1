// Package docs holds the user documentation; its tests keep the
// documentation honest: every error class is documented, and every link
// leads to a file of the repository.
package docs_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tableacl/tableacl/sqlerr"
)

// errors.md lists every class, each once, with its SQLSTATE, and no class
// that does not exist.
func TestErrorsAreDocumented(t *testing.T) {
	b, err := os.ReadFile("errors.md")
	require.NoError(t, err)
	row := regexp.MustCompile("(?m)^\\| ([A-Z_0-9]+) \\| ([0-9A-Z]{5}) \\|")
	documented := map[string]string{}
	for _, m := range row.FindAllStringSubmatch(string(b), -1) {
		_, twice := documented[m[1]]
		assert.False(t, twice, "%s is documented twice", m[1])
		documented[m[1]] = m[2]
	}
	assert.Equal(t, sqlerr.States(), documented)
}

// Links in the README and in docs/ lead to files of the repository: a
// person who clones it has nothing else.
func TestLinksStayInTheRepository(t *testing.T) {
	root, err := filepath.Abs("..")
	require.NoError(t, err)
	pages, err := filepath.Glob("*.md")
	require.NoError(t, err)
	pages = append(pages, filepath.Join("..", "README.md"))
	link := regexp.MustCompile(`\]\(([^)\s]+)\)`)
	for _, page := range pages {
		b, err := os.ReadFile(page)
		require.NoError(t, err)
		for _, m := range link.FindAllStringSubmatch(string(b), -1) {
			target, _, _ := strings.Cut(m[1], "#")
			if strings.Contains(target, "://") || target == "" {
				continue
			}
			path, err := filepath.Abs(filepath.Join(filepath.Dir(page), target))
			require.NoError(t, err)
			assert.True(t, strings.HasPrefix(path, root+string(filepath.Separator)), "%s links outside the repository: %s", page, m[1])
			_, err = os.Stat(path)
			assert.NoError(t, err, "%s links to a missing file: %s", page, m[1])
		}
	}
	for _, page := range pages {
		b, _ := os.ReadFile(page)
		assert.NotContains(t, string(b), "table-acl.md", "%s points at a file outside the repository", page)
	}
}
