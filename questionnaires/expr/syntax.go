package expr

import "fmt"

// SyntaxError is an expression that cannot be parsed. Pos counts
// characters from 1.
type SyntaxError struct {
	Pos int
	Msg string // in English; In words it in either language
	// format and args make Msg; format is its identity in syntaxTexts.
	format string
	args   []any
}

func syntaxError(pos int, format string, args ...any) *SyntaxError {
	return &SyntaxError{Pos: pos, Msg: fmt.Sprintf(format, args...), format: format, args: args}
}

func (e *SyntaxError) Error() string { return e.In(false) }

// In words the error in Bahasa Indonesia when indonesian is true, else
// in English.
func (e *SyntaxError) In(indonesian bool) string {
	if !indonesian {
		return fmt.Sprintf("at character %d: %s", e.Pos, e.Msg)
	}
	msg := e.Msg
	if t, ok := syntaxTexts[e.format]; ok {
		msg = fmt.Sprintf(t, e.args...)
	}
	return fmt.Sprintf("pada karakter %d: %s", e.Pos, msg)
}

// syntaxTexts are the Bahasa Indonesia of the syntax errors, keyed by
// their English format (TestSyntaxErrorsHaveBothLanguages fails on a
// syntaxError call without one).
var syntaxTexts = map[string]string{
	"${ is not closed by }":                          "${ tidak ditutup dengan }",
	"${%s} does not name a question":                 "${%s} tidak menyebut pertanyaan",
	"text in quotes is not closed":                   "teks dalam tanda kutip tidak ditutup",
	"%q is not a number":                             "%q bukan angka",
	"unexpected character %q":                        "karakter %q tidak diharapkan",
	"the expression is empty":                        "ekspresinya kosong",
	"unexpected %q after a complete expression":      "%q tidak diharapkan sesudah ekspresi yang sudah lengkap",
	"the expression nests too deeply":                "ekspresinya bersarang terlalu dalam",
	"%q needs a value on each side":                  "%q perlu nilai di kedua sisinya",
	"expected ) to close the ( at character %d":      "diharapkan ) untuk menutup ( pada karakter %d",
	"the expression ends where a value was expected": "ekspresinya berakhir di tempat yang seharusnya berisi nilai",
	"unexpected %q where a value was expected":       "%q tidak diharapkan di tempat yang seharusnya berisi nilai",
	"a path must name a question after /":            "jalur harus menyebut pertanyaan sesudah /",
	"unexpected %q in a path":                        "%q tidak diharapkan dalam jalur",
	"the path has too many steps":                    "jalurnya punya terlalu banyak langkah",
	"expected ] to close the [ at character %d":      "diharapkan ] untuk menutup [ pada karakter %d",
	"unknown function %s()":                          "fungsi %s() tidak dikenal",
	"expected , or ) in the call of %s()":            "diharapkan , atau ) dalam pemanggilan %s()",
	"%s() takes at least %d arguments, not %d":       "%s() menerima paling sedikit %d argumen, bukan %d",
	"%s() takes 1 argument, not %d":                  "%s() menerima 1 argumen, bukan %d",
	"%s() takes %d arguments, not %d":                "%s() menerima %d argumen, bukan %d",
	"%s() takes %d to %d arguments, not %d":          "%s() menerima %d sampai %d argumen, bukan %d",
	"pulldata() takes the file's name as quoted text first, such as pulldata('households', 'address', 'hh_id', ${hh_id})": "pulldata() menerima nama berkas sebagai teks bertanda kutip lebih dulu, misalnya pulldata('households', 'address', 'hh_id', ${hh_id})",
	"instance() takes the instance's name as quoted text, such as instance('villages')":                                   "instance() menerima nama instance sebagai teks bertanda kutip, misalnya instance('villages')",
}
