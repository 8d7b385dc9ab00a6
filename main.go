// Command siap is a terminal CAPI instrument: it runs XLSForm
// questionnaires as keyboard-driven interviews, stores every answer the
// moment it is entered, and exports what supervisors and researchers need.
package main

import (
	"os"

	"siap/internal/cli"
)

func main() {
	os.Exit(cli.Run(os.Args[1:], os.Stdout, os.Stderr))
}
