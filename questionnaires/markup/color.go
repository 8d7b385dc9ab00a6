package markup

import (
	"fmt"
	"strings"

	"golang.org/x/image/colornames"
)

// RGB gives a colour a form wrote (a CSS name such as red or teal,
// #rgb or #rrggbb) as #rrggbb; ok is false for a colour it does not know.
func RGB(color string) (hex string, ok bool) {
	c := strings.ToLower(strings.TrimSpace(color))
	if rgb, found := colornames.Map[c]; found {
		return fmt.Sprintf("#%02x%02x%02x", rgb.R, rgb.G, rgb.B), true
	}
	if !strings.HasPrefix(c, "#") {
		return "", false
	}
	digits := c[1:]
	for _, d := range digits {
		if !(d >= '0' && d <= '9' || d >= 'a' && d <= 'f') {
			return "", false
		}
	}
	switch len(digits) {
	case 6:
		return c, true
	case 3:
		return "#" + strings.Repeat(digits[:1], 2) + strings.Repeat(digits[1:2], 2) + strings.Repeat(digits[2:], 2), true
	}
	return "", false
}
