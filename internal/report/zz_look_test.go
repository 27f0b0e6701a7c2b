package report

import (
	"os"
	"testing"
)

func TestZZLook(t *testing.T) {
	for _, l := range []Lang{Dutch, English} {
		b, err := sampleDocument(l, 70).Bytes()
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile("/tmp/look-"+string(l)+".pdf", b, 0o600)
	}
}
