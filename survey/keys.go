package survey

import (
	"os"

	"charm.land/bubbles/v2/key"
	"charm.land/lipgloss/v2"
)

// keyMap declares every key siap answers to, once, with its help in the
// current language. Screens match keys with key.Matches against it and
// show them through their ShortHelp (the hint line) and FullHelp (the
// help screen); no other file names a key.
type keyMap struct {
	// The interview.
	Confirm, Open, Back, Forward, Sections, Review, Note, Add, Remove, Yes, No, Finalize, Reopen, Discard key.Binding
	// Choices and lists.
	Up, Down, Left, Right, Toggle, Number, Search, Status, City, GroupBy, Simulated key.Binding
	// Supervision.
	Approve, SendBack, Progress, KeepOurs, TakeMerged key.Binding
	// Everywhere.
	ChangeName, Language, Home, List, Cancel, Help, Quit key.Binding
}

func newKeyMap(l Lang) keyMap {
	b := func(keys []string, k string, id, en string) key.Binding {
		h := en
		if l == Indonesian {
			h = id
		}
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k, h))
	}
	return keyMap{
		Confirm: b([]string{"enter"}, "enter", "lanjut", "next"),
		// Open is enter on a list: the line under the cursor opens.
		Open:     b([]string{"enter"}, "enter", "buka", "open"),
		Back:     b([]string{"shift+tab", "pgup"}, "shift+tab", "kembali", "back"),
		Forward:  b([]string{"tab", "pgdown"}, "tab", "berikutnya", "next"),
		Sections: b([]string{"ctrl+s"}, "ctrl+s", "bagian", "sections"),
		Review:   b([]string{"ctrl+r"}, "ctrl+r", "periksa", "review"),
		Note:     b([]string{"ctrl+o"}, "ctrl+o", "catatan", "note"),
		Add:      b([]string{"a"}, "a", "tambah", "add"),
		Remove:   b([]string{"ctrl+d"}, "ctrl+d", "hapus ulangan", "remove"),
		Yes:      b([]string{"y"}, "y", "ya", "yes"),
		No:       b([]string{"n"}, "n", "batal", "cancel"),
		Finalize: b([]string{"f"}, "f", "selesaikan", "finalize"),
		Reopen:   b([]string{"o"}, "o", "buka lagi", "reopen"),
		Discard:  b([]string{"d"}, "d", "buang draf", "discard draft"),

		Up:        b([]string{"up", "k"}, "↑/k", "atas", "up"),
		Down:      b([]string{"down", "j"}, "↓/j", "bawah", "down"),
		Left:      b([]string{"left", "h"}, "←", "kiri", "left"),
		Right:     b([]string{"right", "l"}, "→", "kanan", "right"),
		Toggle:    b([]string{"space"}, [...]string{Indonesian: "spasi", English: "space"}[l], "pilih", "toggle"),
		Number:    b([]string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "0"}, "0–9", "pilih nomor", "choose by number"),
		Search:    b([]string{"/"}, "/", "cari", "search"),
		Status:    b([]string{"s"}, "s", "filter status", "filter status"),
		City:      b([]string{"c"}, "c", "filter kota", "filter city"),
		GroupBy:   b([]string{"g"}, "g", "kelompok", "group by"),
		Simulated: b([]string{"i"}, "i", "simulasi", "simulated"),

		Approve:    b([]string{"y"}, "y", "setujui", "approve"),
		SendBack:   b([]string{"x"}, "x", "kembalikan", "send back"),
		Progress:   b([]string{"p"}, "p", "kemajuan", "progress"),
		KeepOurs:   b([]string{"l"}, "l", "pakai di sini", "keep ours"),
		TakeMerged: b([]string{"m"}, "m", "pakai gabungan", "keep merged"),

		ChangeName: b([]string{"n"}, "n", "ganti pewawancara", "change interviewer"),
		Language:   b([]string{"ctrl+l"}, "ctrl+l", "bahasa", "language"),
		Home:       b([]string{"esc"}, "esc", "beranda", "home"),
		List:       b([]string{"esc"}, "esc", "ke daftar", "back to the list"),
		Cancel:     b([]string{"esc"}, "esc", "batal", "cancel"),
		Help:       b([]string{"?", "f1"}, "?/f1", "bantuan", "help"),
		Quit:       b([]string{"ctrl+c"}, "ctrl+c", "keluar", "quit"),
	}
}

// ShortHelp is what every screen's hint line ends with.
func (k keyMap) ShortHelp() []key.Binding { return []key.Binding{k.Language, k.Help, k.Quit} }

// FullHelp is every key, in the columns the help screen shows under
// "all keys".
func (k keyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Confirm, k.Open, k.Back, k.Forward, k.Sections, k.Review, k.Note, k.Add, k.Remove, k.Yes, k.No, k.Finalize},
		{k.Reopen, k.Discard, k.Up, k.Down, k.Left, k.Right, k.Toggle, k.Number, k.Search, k.Status, k.City, k.GroupBy, k.Simulated},
		{k.Approve, k.SendBack, k.Progress, k.KeepOurs, k.TakeMerged, k.ChangeName, k.Language, k.Home, k.List, k.Cancel, k.Help, k.Quit},
	}
}

// columns splits a screen's keys into columns of at most n, for its
// FullHelp.
func columns(bs []key.Binding, n int) [][]key.Binding {
	var cols [][]key.Binding
	for len(bs) > n {
		cols = append(cols, bs[:n])
		bs = bs[n:]
	}
	if len(bs) > 0 {
		cols = append(cols, bs)
	}
	return cols
}

// styles are the few looks the interface uses. Colours are the
// terminal's own first sixteen, so they follow its light or dark theme;
// NO_COLOR leaves only bold, faint and reverse.
type styles struct {
	title, section, label, hint, faint, err, ok, cursor, selected, warn, key lipgloss.Style
	// color is false under NO_COLOR: the form's colours are not drawn.
	color bool
}

func newStyles() styles {
	plain := lipgloss.NewStyle()
	s := styles{
		title:    plain.Bold(true),
		section:  plain.Bold(true),
		label:    plain.Bold(true),
		hint:     plain.Faint(true),
		faint:    plain.Faint(true),
		err:      plain.Bold(true),
		ok:       plain,
		cursor:   plain.Reverse(true),
		selected: plain.Bold(true),
		warn:     plain.Bold(true),
		key:      plain.Bold(true),
	}
	if os.Getenv("NO_COLOR") == "" {
		s.color = true
		s.title = s.title.Foreground(lipgloss.Color("6"))
		s.section = s.section.Foreground(lipgloss.Color("4"))
		s.err = s.err.Foreground(lipgloss.Color("1"))
		s.ok = s.ok.Foreground(lipgloss.Color("2"))
		s.selected = s.selected.Foreground(lipgloss.Color("2"))
		s.warn = s.warn.Foreground(lipgloss.Color("3"))
	}
	return s
}
