package main

import "fmt"

// runApp opens the interviewer's screen.
func runApp(c *cli) int {
	fmt.Fprintf(c.stdout, "siap would open %s\n", dataPath(c))
	return 0
}
