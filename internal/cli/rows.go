package cli

import (
	"bufio"
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
	if format == "table" {
		return table(rows)
	}
	w := newRowWriter[T](c, format)
	for _, r := range rows {
		if err := w.Write(r); err != nil {
			return err
		}
	}
	return w.Close()
}

// rowBatch is how many rows a rowWriter hands gocsv at once.
const rowBatch = 512

// rowWriter prints rows as csv or json as they come, so that a command
// listing every interview holds a batch of rows, never all of them. What
// it prints is what gocsv.Marshal or an indenting json.Encoder print for
// the whole slice.
type rowWriter[T any] struct {
	out    *bufio.Writer
	format string
	batch  []T
	n      int
}

func newRowWriter[T any](c *cli, format string) *rowWriter[T] {
	return &rowWriter[T]{out: bufio.NewWriter(c.stdout), format: format}
}

// Write prints one row (or keeps it for the batch).
func (w *rowWriter[T]) Write(row T) error {
	w.n++
	if w.format == "json" {
		data, err := json.MarshalIndent(row, "  ", "  ")
		if err != nil {
			return err
		}
		sep := ",\n  "
		if w.n == 1 {
			sep = "[\n  "
		}
		w.out.WriteString(sep)
		_, err = w.out.Write(data)
		return err
	}
	w.batch = append(w.batch, row)
	if len(w.batch) >= rowBatch {
		return w.flushBatch()
	}
	return nil
}

func (w *rowWriter[T]) flushBatch() error {
	var err error
	if w.n <= len(w.batch) {
		err = gocsv.Marshal(w.batch, w.out)
	} else {
		err = gocsv.MarshalWithoutHeaders(w.batch, w.out)
	}
	clear(w.batch)
	w.batch = w.batch[:0]
	return err
}

// Close ends the output.
func (w *rowWriter[T]) Close() error {
	switch {
	case w.format == "json" && w.n == 0:
		w.out.WriteString("[]\n")
	case w.format == "json":
		w.out.WriteString("\n]\n")
	case len(w.batch) > 0 || w.n == 0:
		if err := w.flushBatch(); err != nil {
			return err
		}
	}
	return w.out.Flush()
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
	for x := range strings.SplitSeq(s, ",") {
		if st := store.Status(strings.TrimSpace(x)); s != "" && !slices.Contains(store.Statuses, st) {
			return nil, usagef(textStatusFlag, st, store.JoinStatuses(store.Statuses, ", "))
		}
	}
	return store.ParseStatuses(s)
}
