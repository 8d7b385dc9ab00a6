package interview

import (
	"fmt"

	"siap/questionnaires"
)

// messages are siap's own words for answers a form refuses, in Bahasa
// Indonesia and English.
var messages = map[string][2]string{
	"required":     {"Pertanyaan ini wajib dijawab.", "This question needs an answer."},
	"requiredNote": {"Catatan ini menghentikan wawancara: kembali dan perbaiki jawaban sebelumnya.", "This note stops the interview: go back and correct the answers before it."},
	"constraint":   {"Jawaban ini tidak diterima oleh kuesioner.", "The questionnaire does not accept this answer."},
	"integer":      {"Masukkan bilangan bulat, misalnya 42.", "Enter a whole number, such as 42."},
	"tooLarge":     {"Angka terlalu besar.", "The number is too large."},
	"decimal":      {"Masukkan angka, misalnya 2,5 atau 2.5.", "Enter a number, such as 2.5 or 2,5."},
	"range":        {"Masukkan angka dari %s sampai %s.", "Enter a number from %s to %s."},
	"step":         {"Angka harus kelipatan %s.", "The number must go in steps of %s."},
	"date":         {"Masukkan tanggal sebagai TTTT-BB-HH (2024-08-17) atau HH/BB/TTTT.", "Enter a date as YYYY-MM-DD (2024-08-17) or DD/MM/YYYY."},
	"time":         {"Masukkan jam sebagai JJ:MM, misalnya 14:30.", "Enter a time as HH:MM, such as 14:30."},
	"datetime":     {"Masukkan tanggal dan jam sebagai TTTT-BB-HH JJ:MM.", "Enter a date and time as YYYY-MM-DD HH:MM."},
	"choice":       {"%q bukan pilihan yang tersedia.", "%q is not one of the choices."},
	"exclusive":    {"%q tidak dapat digabung dengan jawaban lain.", "%q cannot be combined with other answers."},
	"phone":        {"Masukkan nomor telepon: angka saja, boleh diawali +.", "Enter a phone number: digits only, + allowed at the start."},
	"readOnly":     {"Pertanyaan ini hanya dapat dibaca.", "This question cannot be changed."},
	"notQuestion":  {"Di sini tidak ada pertanyaan untuk dijawab.", "There is no question to answer here."},
	"unusual":      {"Jawaban tidak biasa (biasanya %s). Periksa lagi dengan responden.", "An unusual answer (usually %s). Check it with the respondent."},
	"notRepeat":    {"Kelompok ini tidak dapat ditambah atau dihapus.", "Instances of this group cannot be added or removed."},
}

// msg returns one of siap's messages in the interview's language.
func (s *State) msg(key string, args ...any) string {
	pair := messages[key]
	m := pair[1]
	lang := s.lang
	if !questionnaires.IsIndonesian(lang) && !questionnaires.IsEnglish(lang) && s.siapLang != "" {
		lang = s.siapLang
	}
	if questionnaires.IsIndonesian(lang) {
		m = pair[0]
	}
	if len(args) > 0 {
		return fmt.Sprintf(m, args...)
	}
	return m
}

// text returns the form's own message in the interview's language, with
// ${...} filled in, or siap's message key when the form has none.
func (s *State) text(it *Item, t questionnaires.Text, fallback string) string {
	if m := t.In(s.lang, s.form.DefaultLanguage); m != "" {
		return s.fill(it, m)
	}
	return s.msg(fallback)
}
