package expr

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	binenc "encoding/binary"
	"encoding/hex"
	"hash"
	"math"
	"strings"
	"time"
)

// The rest of ODK's functions (JavaRosa's XPathFuncExpr): random and
// randomize, counts over node-sets, checklists, trigonometry and
// logarithms, times of day as fractions, digests. Geographic ones (area,
// distance, geofence) are left out: a terminal captures no points.
func init() {
	more := map[string]function{
		"random": {0, 0, func(env Env, _ []node) Value { return Num(env.Random()) }},
		"randomize": {1, 2, func(env Env, a []node) Value {
			in := a[0].eval(env).xnodes()
			next := env.Random
			if len(a) == 2 {
				next = newParkMiller(seedOf(a[1].eval(env))).nextDouble
			}
			// JavaRosa's inside-out Fisher-Yates, so that a seed orders
			// nodes as ODK Collect does.
			out := make([]Node, len(in))
			for i := range in {
				j := int(next() * float64(i+1))
				if j != i {
					out[i] = out[j]
				}
				out[j] = in[i]
			}
			return NodesOf(out)
		}},
		"count-non-empty": {1, 1, func(env Env, a []node) Value {
			n := 0
			for _, v := range a[0].eval(env).Nodes() {
				if v.String() != "" {
					n++
				}
			}
			return Num(float64(n))
		}},
		"is-selected": {2, 2, func(env Env, a []node) Value {
			return Boolean(hasWord(str(env, a[0]), strings.TrimSpace(str(env, a[1]))))
		}},
		// checklist(min, max, values...): whether the number of true
		// values is within min and max (-1: no bound).
		"checklist": {2, -1, func(env Env, a []node) Value {
			lo, hi := num(env, a[0]), num(env, a[1])
			count := 0.0
			for _, x := range a[2:] {
				for _, v := range x.eval(env).Nodes() {
					if v.Bool() {
						count++
					}
				}
			}
			return Boolean((lo < 0 || count >= lo) && (hi < 0 || count <= hi))
		}},
		// weighted-checklist(min, max, value, weight, ...): the same with
		// each true value counting its weight.
		"weighted-checklist": {2, -1, func(env Env, a []node) Value {
			lo, hi := num(env, a[0]), num(env, a[1])
			var vals, weights []Value
			if len(a) == 4 {
				vals, weights = a[2].eval(env).Nodes(), a[3].eval(env).Nodes()
			} else {
				for i := 2; i+1 < len(a); i += 2 {
					vals = append(vals, a[i].eval(env))
					weights = append(weights, a[i+1].eval(env))
				}
			}
			if len(vals) != len(weights) {
				return Boolean(false)
			}
			sum := 0.0
			for i, v := range vals {
				if v.Bool() {
					sum += weights[i].Number()
				}
			}
			return Boolean((lo < 0 || sum >= lo) && (hi < 0 || sum <= hi))
		}},
		"depend": {1, -1, func(env Env, a []node) Value { return a[0].eval(env) }},
		// decimal-time('14:30:00.000+07:00') is the time as a fraction
		// of a day.
		"decimal-time": {1, 1, func(env Env, a []node) Value {
			v := strings.TrimSpace(str(env, a[0]))
			for _, layout := range []string{"15:04:05", "15:04"} {
				if len(v) >= len(layout) {
					if t, err := time.Parse(layout, v[:len(layout)]); err == nil {
						return Num(float64(t.Hour()*3600+t.Minute()*60+t.Second()) / 86400)
					}
				}
			}
			return Num(math.NaN())
		}},
		"sin":   math1(math.Sin),
		"cos":   math1(math.Cos),
		"tan":   math1(math.Tan),
		"asin":  math1(math.Asin),
		"acos":  math1(math.Acos),
		"atan":  math1(math.Atan),
		"log":   math1(math.Log),
		"log10": math1(math.Log10),
		"exp":   math1(math.Exp),
		"exp10": math1(func(x float64) float64 { return math.Pow(10, x) }),
		"atan2": {2, 2, func(env Env, a []node) Value { return Num(math.Atan2(num(env, a[0]), num(env, a[1]))) }},
		"pi":    {0, 0, func(Env, []node) Value { return Num(math.Pi) }},
		"digest": {2, 3, func(env Env, a []node) Value {
			var h hash.Hash
			switch strings.ToUpper(str(env, a[1])) {
			case "MD5":
				h = md5.New()
			case "SHA-1":
				h = sha1.New()
			case "SHA-256":
				h = sha256.New()
			case "SHA-384":
				h = sha512.New384()
			case "SHA-512":
				h = sha512.New()
			default:
				return Str("")
			}
			h.Write([]byte(str(env, a[0])))
			sum := h.Sum(nil)
			if len(a) == 3 && strings.EqualFold(str(env, a[2]), "HEX") {
				return Str(hex.EncodeToString(sum))
			}
			return Str(base64.StdEncoding.EncodeToString(sum))
		}},
		"base64-decode": {1, 1, func(env Env, a []node) Value {
			b, err := base64.StdEncoding.DecodeString(str(env, a[0]))
			if err != nil {
				return Str("")
			}
			return Str(string(b))
		}},
	}
	for name, f := range more {
		functions[name] = f
	}
}

func math1(f func(float64) float64) function {
	return function{1, 1, func(env Env, a []node) Value { return Num(f(num(env, a[0]))) }}
}

// seedOf reads randomize()'s seed as JavaRosa does: a number's whole
// part, or else the first 8 bytes of the SHA-256 of its text.
func seedOf(v Value) int64 {
	if n := v.Number(); !math.IsNaN(n) && !math.IsInf(n, 0) {
		return int64(n)
	}
	s := v.String()
	if s == "" {
		return 0
	}
	sum := sha256.Sum256([]byte(s))
	return int64(binenc.BigEndian.Uint64(sum[:8]))
}

// parkMiller is the random number generator JavaRosa's randomize() uses
// with a seed.
type parkMiller struct{ seed float64 }

const (
	pmModulus    = 2147483647
	pmMultiplier = 16807
)

func newParkMiller(seed int64) *parkMiller {
	s := math.Mod(float64(seed), pmModulus)
	if s <= 0 {
		s += pmModulus - 1
	}
	return &parkMiller{s}
}

func (p *parkMiller) nextDouble() float64 {
	p.seed = math.Mod(p.seed*pmMultiplier, pmModulus)
	return (math.Trunc(p.seed) - 1) / (pmModulus - 1)
}
