// Command racedesk is the race-day desk: check-in, late registration,
// timing and printing for small running events, offline-first.
package main

import "os"

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
