package survey

import (
	"os"

	"charm.land/bubbles/v2/key"
	"charm.land/lipgloss/v2"
)

// keyMap holds every key siap answers to, with its help in the current
// language.
type keyMap struct {
	Confirm, Back, Forward, Sections, Review, Language, Help, Home, Quit key.Binding
	Up, Down, Left, Right, Toggle, Add, Remove, Finalize, Status, City   key.Binding
	Note                                                                 key.Binding
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
		Confirm:  b([]string{"enter"}, "enter", "lanjut", "next"),
		Back:     b([]string{"shift+tab", "pgup"}, "shift+tab", "kembali", "back"),
		Forward:  b([]string{"tab", "pgdown"}, "tab", "berikutnya", "next"),
		Sections: b([]string{"ctrl+s"}, "ctrl+s", "bagian", "sections"),
		Review:   b([]string{"ctrl+r"}, "ctrl+r", "periksa", "review"),
		Language: b([]string{"ctrl+l"}, "ctrl+l", "bahasa", "language"),
		Help:     b([]string{"?", "f1"}, "?/f1", "bantuan", "help"),
		Home:     b([]string{"esc"}, "esc", "beranda", "home"),
		Quit:     b([]string{"ctrl+c"}, "ctrl+c", "keluar", "quit"),
		Up:       b([]string{"up", "k"}, "↑/k", "atas", "up"),
		Down:     b([]string{"down", "j"}, "↓/j", "bawah", "down"),
		Left:     b([]string{"left", "h"}, "←", "kiri", "left"),
		Right:    b([]string{"right", "l"}, "→", "kanan", "right"),
		Toggle:   b([]string{"space"}, "spasi", "pilih", "toggle"),
		Add:      b([]string{"a"}, "a", "tambah", "add"),
		Remove:   b([]string{"ctrl+d"}, "ctrl+d", "hapus ulangan", "remove"),
		Finalize: b([]string{"f"}, "f", "selesaikan", "finalize"),
		Status:   b([]string{"s"}, "s", "filter status", "filter status"),
		City:     b([]string{"c"}, "c", "filter kota", "filter city"),
		Note:     b([]string{"ctrl+o"}, "ctrl+o", "catatan", "note"),
	}
}

// styles are the few looks the interface uses. Colours are the
// terminal's own first sixteen, so they follow its light or dark theme;
// NO_COLOR leaves only bold, faint and reverse.
type styles struct {
	title, section, label, hint, faint, err, ok, cursor, selected, warn, key lipgloss.Style
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
		s.title = s.title.Foreground(lipgloss.Color("6"))
		s.section = s.section.Foreground(lipgloss.Color("4"))
		s.err = s.err.Foreground(lipgloss.Color("1"))
		s.ok = s.ok.Foreground(lipgloss.Color("2"))
		s.selected = s.selected.Foreground(lipgloss.Color("2"))
		s.warn = s.warn.Foreground(lipgloss.Color("3"))
	}
	return s
}
