// Command opencem is the OpenCEM server and its operator tools.
package main

import (
	"context"
	"os"

	"github.com/opencem/opencem/internal/app"
)

func main() {
	os.Exit(app.Run(context.Background(), os.Args[1:], app.Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}))
}
