package cli

import (
	"encoding/json"
	"fmt"
	"slices"

	"github.com/gocarina/gocsv"
)

// rowFormats are the --format values of commands that print one row per
// thing: a table for people, csv and json for scripts.
var rowFormats = []string{"table", "csv", "json"}

// checkRowFormat refuses a --format the command cannot write.
func checkRowFormat(format string) error {
	if !slices.Contains(rowFormats, format) {
		return fmt.Errorf("--format must be table, csv or json, not %q", format)
	}
	return nil
}

// writeRows prints rows as csv or json, or as the command's own table.
func writeRows[T any](c *cli, format string, rows []T, table func([]T) error) error {
	switch format {
	case "csv":
		return gocsv.Marshal(rows, c.stdout)
	case "json":
		enc := json.NewEncoder(c.stdout)
		enc.SetIndent("", "  ")
		if rows == nil {
			rows = []T{}
		}
		return enc.Encode(rows)
	}
	return table(rows)
}
