// Package testforms builds questionnaires for siap's tests and
// benchmarks.
package testforms

import (
	"fmt"
	"strings"

	"siap/questionnaires"
)

// Big is a 500-question form: 50 sections of 10 integer questions, each
// section relevant on the one before and ending with a calculation, then
// a roster (repeat members: mname, mage) when roster is set.
func Big(roster bool) (*questionnaires.Form, error) {
	var sb strings.Builder
	sb.WriteString("survey\n,type,name,label,relevant,calculation\n")
	for g := 0; g < 50; g++ {
		rel := ""
		if g > 0 {
			rel = fmt.Sprintf("${q%d_0} != 99", g-1)
		}
		fmt.Fprintf(&sb, ",begin group,g%d,Section %d,%s,\n", g, g, rel)
		for q := 0; q < 10; q++ {
			fmt.Fprintf(&sb, ",integer,q%d_%d,Question %d.%d,,\n", g, q, g, q)
		}
		fmt.Fprintf(&sb, ",calculate,c%d,,,${q%d_0} + ${q%d_1}\n", g, g, g)
		sb.WriteString(",end group,,,,\n")
	}
	if roster {
		sb.WriteString(",begin repeat,members,Member,,\n,text,mname,Name,,\n,integer,mage,Age,,\n,end repeat,,,,\n")
	}
	return questionnaires.Parse("big.csv", []byte(sb.String()), nil)
}
