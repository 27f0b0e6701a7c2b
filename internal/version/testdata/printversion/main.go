// Command printversion prints version.String(); version_test builds it with the same -X flag
// as the Makefile to prove the flag reaches the variable.
package main

import (
	"fmt"

	"kluis/internal/version"
)

func main() { fmt.Println(version.String()) }
