// Command tocsin runs the Tocsin security advisory service: see
// `tocsin --help` and the README.
package main

import (
	"context"
	"os"

	"github.com/tocsin-cert/tocsin/internal/cli"
)

func main() {
	os.Exit(cli.Main(context.Background(), os.Args[1:], cli.Env{Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}))
}
