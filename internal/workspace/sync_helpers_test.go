package workspace_test

import (
	"fmt"
	"strconv"
)

func pad6(i int) string { return fmt.Sprintf("%06d", i) }

func itoa(i int) string { return strconv.Itoa(i) }

// peoplebenchBSN is the BSN peoplebench.CSV gives employee i (the same elfproef walk).
func peoplebenchBSN(i int) string {
	for k := 10000000 + i*7; ; k++ {
		s := fmt.Sprintf("%08d", k%100000000)
		sum := 0
		for j := range 8 {
			sum += (9 - j) * int(s[j]-'0')
		}
		if c := sum % 11; c < 10 {
			return s + fmt.Sprint(c)
		}
	}
}
