package cli

import (
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// localiseHelp puts the commands' help (Short, Long, every flag's usage)
// and cobra's own words (the usage template, the help and completion
// commands, -h) in the command line's language. The commands are
// written in English; helpTexts gives their Bahasa Indonesia, keyed by
// the English, so that a command gets its help in both languages where it
// is declared and TestHelpHasBothLanguages fails on one without.
func (c *cli) localiseHelp(root *cobra.Command) {
	if c.lang == english {
		return
	}
	cobra.AddTemplateFunc("inIndonesian", inIndonesian)
	root.SetUsageTemplate(usageTemplateID)
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	var walk func(cmd *cobra.Command)
	walk = func(cmd *cobra.Command) {
		switch {
		case cmd.Name() == "help" && cmd.Parent() == root:
			cmd.Use, cmd.Short, cmd.Long = helpCommandUse[c.lang], helpCommandShort[c.lang], helpCommandLong[c.lang]
		case cmd.Name() == "completion" && cmd.Parent() == root:
			cmd.Short, cmd.Long = helpCompletionShort[c.lang], helpCompletionLong[c.lang]
		case cmd.Parent() != nil && cmd.Parent().Name() == "completion":
			cmd.Short = helpCompletionShell.in(c.lang, cmd.Name())
			if long, ok := completionLongID[cmd.Name()]; ok {
				cmd.Long = long
			}
			if f := cmd.Flags().Lookup("no-descriptions"); f != nil {
				f.Usage = helpNoDescriptions[c.lang]
			}
		default:
			// The words a command's use line names its arguments with
			// (FILE, BACKUP) are translated with it: the name comes first.
			cmd.Use, cmd.Short, cmd.Long = translated(cmd.Use), translated(cmd.Short), translated(cmd.Long)
		}
		localiseFlags := func(f *pflag.Flag) { f.Usage = translated(f.Usage) }
		cmd.LocalNonPersistentFlags().VisitAll(localiseFlags)
		cmd.PersistentFlags().VisitAll(localiseFlags)
		if cmd.Flags().Lookup("help") == nil {
			cmd.Flags().BoolP("help", "h", false, helpFlag.in(c.lang, cmd.DisplayName()))
			_ = cmd.Flags().SetAnnotation("help", cobra.FlagSetByCobraAnnotation, []string{"true"})
		}
		for _, sub := range cmd.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

// inIndonesian words what cobra and pflag write in the usage ("[flags]",
// "(default 10m0s)", a flag's kind of value) in Bahasa Indonesia; a
// kind keeps its width, so that the usages stay aligned.
func inIndonesian(s string) string {
	return usageWords.Replace(s)
}

var usageWords = strings.NewReplacer("[flags]", "[flag]", "(default ", "(bawaan ",
	" string ", " teks   ", " duration ", " durasi   ")

// translated is the Bahasa Indonesia of a command's help, or the
// English when it has none (which the tests refuse).
func translated(en string) string {
	if id, ok := helpTexts[en]; ok {
		return id
	}
	return en
}

var (
	helpDataFlag        = text{"berkas data (bawaan $SIAP_DATA, atau %s)", "the data file (default $SIAP_DATA, else %s)"}
	helpStatusFlag      = text{"hanya status ini, dipisah koma (%s)", "only these statuses, comma-separated (%s)"}
	helpFlag            = text{"bantuan untuk %s", "help for %s"}
	helpCommandUse      = text{"help [perintah]", "help [command]"}
	helpCommandShort    = text{"bantuan tentang perintah mana pun", "Help about any command"}
	helpCommandLong     = text{"Bantuan untuk setiap perintah: ketik siap help PERINTAH untuk keterangan lengkapnya.", "Help provides help for any command in the application."}
	helpCompletionShort = text{"membuat skrip pelengkapan otomatis untuk shell yang disebut", "Generate the autocompletion script for the specified shell"}
	helpCompletionLong  = text{"Membuat skrip pelengkapan otomatis siap untuk shell yang disebut.\nLihat bantuan tiap subperintah untuk cara memakai skrip itu.", "Generate the autocompletion script for siap for the specified shell."}
	helpNoDescriptions  = text{"pelengkapan tanpa keterangan", "disable completion descriptions"}
	helpCompletionShell = text{"membuat skrip pelengkapan otomatis untuk %s", "Generate the autocompletion script for %s"}
)

// completionLongID is how to load each shell's completion script, in
// Bahasa Indonesia.
var completionLongID = map[string]string{
	"bash": `Membuat skrip pelengkapan otomatis untuk shell bash.

Skrip ini memerlukan paket 'bash-completion'; bila belum terpasang,
pasang dengan pengelola paket sistem operasi Anda.

Untuk memuat pelengkapan di sesi shell ini:

	source <(siap completion bash)

Untuk memuatnya di setiap sesi baru, jalankan sekali:

#### Linux:

	siap completion bash > /etc/bash_completion.d/siap

#### macOS:

	siap completion bash > $(brew --prefix)/etc/bash_completion.d/siap

Buka shell baru agar pengaturan ini berlaku.
`,
	"zsh": `Membuat skrip pelengkapan otomatis untuk shell zsh.

Bila pelengkapan shell belum aktif, aktifkan dengan menjalankan sekali:

	echo "autoload -U compinit; compinit" >> ~/.zshrc

Untuk memuat pelengkapan di sesi shell ini:

	source <(siap completion zsh)

Untuk memuatnya di setiap sesi baru, jalankan sekali:

#### Linux:

	siap completion zsh > "${fpath[1]}/_siap"

#### macOS:

	siap completion zsh > $(brew --prefix)/share/zsh/site-functions/_siap

Buka shell baru agar pengaturan ini berlaku.
`,
	"fish": `Membuat skrip pelengkapan otomatis untuk shell fish.

Untuk memuat pelengkapan di sesi shell ini:

	siap completion fish | source

Untuk memuatnya di setiap sesi baru, jalankan sekali:

	siap completion fish > ~/.config/fish/completions/siap.fish

Buka shell baru agar pengaturan ini berlaku.
`,
	"powershell": `Membuat skrip pelengkapan otomatis untuk powershell.

Untuk memuat pelengkapan di sesi shell ini:

	siap completion powershell | Out-String | Invoke-Expression

Untuk memuatnya di setiap sesi baru, tambahkan keluaran perintah di atas
ke profil powershell Anda.
`,
}

// usageTemplateID is cobra's usage template with its headings in Bahasa
// Indonesia.
const usageTemplateID = `Cara pakai:{{if .Runnable}}
  {{.UseLine | inIndonesian}}{{end}}{{if .HasAvailableSubCommands}}
  {{.CommandPath}} [perintah]{{end}}{{if gt (len .Aliases) 0}}

Nama lain:
  {{.NameAndAliases}}{{end}}{{if .HasExample}}

Contoh:
{{.Example}}{{end}}{{if .HasAvailableSubCommands}}

Perintah:{{range .Commands}}{{if (or .IsAvailableCommand (eq .Name "help"))}}
  {{rpad .Name .NamePadding }} {{.Short}}{{end}}{{end}}{{end}}{{if .HasAvailableLocalFlags}}

Flag:
{{.LocalFlags.FlagUsages | inIndonesian | trimTrailingWhitespaces}}{{end}}{{if .HasAvailableInheritedFlags}}

Flag global:
{{.InheritedFlags.FlagUsages | inIndonesian | trimTrailingWhitespaces}}{{end}}{{if .HasHelpSubCommands}}

Topik bantuan lain:{{range .Commands}}{{if .IsAdditionalHelpTopicCommand}}
  {{rpad .CommandPath .CommandPathPadding}} {{.Short}}{{end}}{{end}}{{end}}{{if .HasAvailableSubCommands}}

Ketik "{{.CommandPath}} [perintah] --help" untuk keterangan sebuah perintah.{{end}}
`
