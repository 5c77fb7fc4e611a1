// Command benchtable reads the output of the bench module's benchmarks
// (go test -bench Decision) on standard input and prints one table: a row
// per decision shape, the time per decision of each contender, and how
// tableacl compares with Casbin's CachedEnforcer. make bench runs it.
package main

import (
	"bufio"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
)

// columns are the contenders, in the order shown.
var columns = []struct{ key, title string }{
	{"tableacl", "tableacl prepared, catalog file"},
	{"tableacl-fresh", "tableacl prepared, file, no decision cache"},
	{"tableacl-memory", "tableacl prepared, in memory"},
	{"tableacl-text", "tableacl from text"},
	{"casbin-cached", "Casbin CachedEnforcer"},
	{"casbin-uncached", "Casbin Enforcer"},
	{"map", "Go map"},
}

// line is one result: BenchmarkDecision/<shape>/<contender>-<procs> N X ns/op.
var line = regexp.MustCompile(`^BenchmarkDecision/([^/\s]+)/(\S+?)(?:-\d+)?\s+\d+\s+([\d.]+) ns/op`)

func main() {
	results := map[string]map[string]float64{}
	var shapes []string
	var cpu string
	sc := bufio.NewScanner(os.Stdin)
	for sc.Scan() {
		text := sc.Text()
		if c, ok := strings.CutPrefix(text, "cpu: "); ok {
			cpu = c
		}
		m := line.FindStringSubmatch(text)
		if m == nil {
			continue
		}
		ns, err := strconv.ParseFloat(m[3], 64)
		if err != nil {
			continue
		}
		shape := strings.ReplaceAll(m[1], "_", " ")
		if results[shape] == nil {
			results[shape] = map[string]float64{}
			shapes = append(shapes, shape)
		}
		results[shape][m[2]] = ns
	}
	if len(shapes) == 0 {
		fmt.Fprintln(os.Stderr, "benchtable: no BenchmarkDecision results on standard input")
		os.Exit(1)
	}
	head := []string{"decision"}
	for _, c := range columns {
		head = append(head, c.title)
	}
	head = append(head, "file ÷ Casbin cached", "no cache ÷ Casbin cached")
	fmt.Println("| " + strings.Join(head, " | ") + " |")
	fmt.Println("|" + strings.Repeat("---|", len(head)))
	for _, s := range shapes {
		row := []string{s}
		for _, c := range columns {
			row = append(row, duration(results[s][c.key]))
		}
		row = append(row, ratio(results[s]["tableacl"], results[s]["casbin-cached"]),
			ratio(results[s]["tableacl-fresh"], results[s]["casbin-cached"]))
		fmt.Println("| " + strings.Join(row, " | ") + " |")
	}
	if cpu != "" {
		fmt.Printf("\nns per decision, warm; %s.\n", cpu)
	}
}

func duration(ns float64) string {
	switch {
	case ns == 0:
		return "–"
	case ns < 1000:
		return fmt.Sprintf("%.0f ns", ns)
	case ns < 1e6:
		return fmt.Sprintf("%.1f µs", ns/1000)
	}
	return fmt.Sprintf("%.2f ms", ns/1e6)
}

func ratio(a, b float64) string {
	if a == 0 || b == 0 {
		return "–"
	}
	return fmt.Sprintf("%.1f×", a/b)
}
