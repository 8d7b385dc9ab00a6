package simulate

import (
	"math/rand/v2"
	"regexp"
	"testing"
)

func TestTextMatchingAPattern(t *testing.T) {
	for _, pattern := range []string{
		`^[a-zA-Z]{3}[0-9]{2}$`,
		`^(\+62|62|0)8[0-9]{7,11}$`,
		`^[0-9]{16}$`,
		`^(?i)rt-\d{2,3}/rw-\d+$`,
		`^[A-Z][a-z]+( [A-Z][a-z]+)*$`,
		`^\w+@\w+\.(com|id)$`,
		`^[^0-9]{2,}$`,
	} {
		re := regexp.MustCompile(pattern)
		rng := rand.New(rand.NewPCG(1, 2))
		for range 50 {
			s, ok := matching(rng, pattern)
			if !ok || !re.MatchString(s) {
				t.Fatalf("matching(%q) = %q, %v: does not match", pattern, s, ok)
			}
		}
	}
	if _, ok := matching(rand.New(rand.NewPCG(1, 2)), "("); ok {
		t.Error("a pattern Go cannot read gave a text")
	}
}
