package cli

import (
	"encoding/json"
	"slices"
	"strings"

	"github.com/gocarina/gocsv"
	"github.com/spf13/cobra"

	"siap/store"
)

// rowFormats are the --format values of commands that print one row per
// thing: a table for people, csv and json for scripts.
var rowFormats = []string{"table", "csv", "json"}

// checkRowFormat refuses a --format the command cannot write.
func checkRowFormat(format string) error {
	if !slices.Contains(rowFormats, format) {
		return usagef(textRowFormat, format)
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

// completeValues completes a flag with the values it accepts.
func completeValues(cmd *cobra.Command, flag string, values ...string) {
	cmd.RegisterFlagCompletionFunc(flag, cobra.FixedCompletions(values, cobra.ShellCompDirectiveNoFileComp))
}

// completeStatuses completes --status, a comma-separated list of
// statuses, one more status after each comma.
func completeStatuses(cmd *cobra.Command) {
	cmd.RegisterFlagCompletionFunc("status", func(_ *cobra.Command, _ []string, typed string) ([]string, cobra.ShellCompDirective) {
		done := typed[:strings.LastIndexByte(typed, ',')+1]
		out := make([]string, len(store.Statuses))
		for i, s := range store.Statuses {
			out[i] = done + string(s)
		}
		return out, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
	})
}

// statusFlag reads a --status flag: statuses, comma-separated.
func statusFlag(s string) ([]store.Status, error) {
	statuses, err := store.ParseStatuses(s)
	if err != nil {
		return nil, usagef(textStatusFlag, err)
	}
	return statuses, nil
}
