package cli

// The command line's own messages, in Bahasa Indonesia and English.
// Errors from the packages below (the store, the form reader) keep their
// own words.
var (
	textAsIs             = text{"%v", "%v"}
	textSeeHelp          = text{"(lihat %s --help)", "(see %s --help)"}
	textUnknownCommand   = text{"perintah %q tidak dikenal", "unknown command %q"}
	textDidYouMean       = text{"perintah %q tidak dikenal; maksudnya %s?", "unknown command %q; did you mean %s?"}
	textUnknownFlag      = text{"flag %s tidak dikenal", "unknown flag: %s"}
	textFlagNeedsValue   = text{"flag %s perlu nilai", "flag %s needs a value"}
	textFlagInvalid      = text{"%q bukan nilai yang sah untuk %s (%v)", "%q is not a valid value for %s (%v)"}
	textUnexpectedArg    = text{"argumen %q tidak diharapkan", "unexpected argument %q"}
	textLockAfter        = text{"--lock-after harus durasi nol atau lebih, misalnya 10m, bukan %v", "--lock-after must be a duration of zero or more, such as 10m, not %v"}
	textStatusFlag       = text{"--status: %q bukan status (%s)", "--status: %q is not a status (%s)"}
	textRowFormat        = text{"--format harus table, csv atau json, bukan %q", "--format must be table, csv or json, not %q"}
	textSummaryFormat    = text{"--format harus table, csv, markdown atau json, bukan %q", "--format must be table, csv, markdown or json, not %q"}
	textSummaryQuantiles = text{"--quantiles harus r atau spss, bukan %q", "--quantiles must be r or spss, not %q"}
	textFormLanguage     = text{"--lang %q bukan bahasa kuesioner ini (%s)", "--lang %q is not a language of the form (%s)"}

	textNoQuestionnaire = text{"berkas data %s belum punya kuesioner: jalankan siap sekali untuk memulainya", "data file %s has no questionnaire yet: run siap once to start it"}
	textNoDataFile      = text{"berkas data %s tidak ada: jalankan siap sekali, atau siap simulate, untuk memulainya", "data file %s does not exist: run siap once, or siap simulate, to start it"}
	textNewNeedsPass    = text{"berkas data baru dienkripsi: isi %s, atau jalankan siap di terminal untuk memilih frasa sandi, atau beri --no-encryption (hanya untuk pelatihan)", "a new data file is encrypted: set %s, or run siap in a terminal to choose a passphrase, or give --no-encryption (training only)"}
	textPassTooShort    = text{"%s harus paling sedikit %d karakter", "%s must have at least %d characters"}
	textPassShort       = text{"minimal %d karakter", "at least %d characters"}
	textPassWeak        = text{"terlalu mudah ditebak: pakai tiga atau empat kata yang tidak berhubungan, misalnya kopi-jendela-merah-tujuh", "too easy to guess: use three or four words that do not go together, such as kopi-jendela-merah-tujuh"}
	textPassWeakFrom    = text{"frasa sandi di %s terlalu mudah ditebak: pakai tiga atau empat kata yang tidak berhubungan, misalnya kopi-jendela-merah-tujuh", "the passphrase in %s is too easy to guess: use three or four words that do not go together, such as kopi-jendela-merah-tujuh"}
	textPassRequired    = text{"frasa sandi wajib diisi", "the passphrase is required"}
	textPassDiffer      = text{"keduanya tidak sama", "the two do not match"}
	textRotateLeft      = text{"cadangan ini tidak dapat dienkripsi ulang dan masih memakai kunci lama; hapus bila frasa sandi lama bocor: %s", "these backups could not be encrypted again and still use the old key; delete them if the old passphrase leaked: %s"}
	textEncrypted       = text{"berkas data %s dienkripsi: isi %s, atau jalankan siap di terminal untuk mengetik frasa sandi", "data file %s is encrypted: set %s, or run siap in a terminal to type the passphrase"}
	textPackPassphrase  = text{"%s memakai frasa sandi lain: isi SIAP_PACK_PASSPHRASE", "%s has another passphrase: set SIAP_PACK_PASSPHRASE"}
	textAskNewPass      = text{"Frasa sandi baru untuk %s: rahasiakan, frasa ini melindungi para responden", "New passphrase for %s: keep it secret, it protects the respondents"}
	textAskNewPassShort = text{"Frasa sandi baru", "New passphrase"}
	textAskPass         = text{"Frasa sandi untuk %s", "Passphrase for %s"}
	textAskPackPass     = text{"Frasa sandi paket %s", "Passphrase for the pack %s"}
	textAskCurrentPass  = text{"Frasa sandi sekarang untuk %s", "Current passphrase for %s"}
	textPassAgain       = text{"Ketik sekali lagi", "Type it again"}
	textNoPassphrase    = text{"frasa sandi tidak diberikan", "no passphrase given"}
	textPasswdOld       = text{"jalankan siap passwd di terminal, atau isi %s dan SIAP_NEW_PASSPHRASE", "run siap passwd in a terminal, or set %s and SIAP_NEW_PASSPHRASE"}
	textPasswdNew       = text{"isi SIAP_NEW_PASSPHRASE, atau jalankan siap passwd di terminal", "set SIAP_NEW_PASSPHRASE, or run siap passwd in a terminal"}
	textEraseOneID      = text{"sebutkan satu id wawancara (lihat siap list)", "name one interview id (see siap list)"}
	textEraseYes        = text{"beri --yes untuk menghapus %s tanpa ditanya", "give --yes to erase %s without being asked"}
	textNothingErased   = text{"tidak ada yang dihapus", "nothing was erased"}

	textSimulateName  = text{"--interviewer perlu nama", "--interviewer needs a name"}
	textSimulateN     = text{"--n harus dari 1 sampai 10000000, bukan %d", "--n must be from 1 to 10000000, not %d"}
	textSimulatePart  = text{"%v (%d wawancara sudah ditambahkan sebelumnya)", "%v (%d interviews were added before this)"}
	textSimulatedUsed = text{"belum ada wawancara sungguhan, jadi wawancara simulasi ikut dihitung", "there are no real interviews yet, so simulated ones are counted"}
	textSimulatedLeft = text{"%d wawancara simulasi tidak ikut karena sudah ada wawancara sungguhan (--include-simulated mengikutkannya)", "%d simulated interviews left out, as there are real ones (--include-simulated takes them)"}

	textPackOut           = text{"sebutkan berkas paket dengan --out FILE", "name the pack file with --out FILE"}
	textPackNobody        = text{"--interviewer: tidak ada wawancara oleh %q di %s (pewawancara di sini: %s)", "--interviewer: no interviews by %q in %s (interviewers here: %s)"}
	textKeyTrustArgs      = text{"--trust NAMA perlu satu kunci publik sesudahnya: siap key --trust NAMA KUNCI", "--trust NAME needs one public key after it: siap key --trust NAME KEY"}
	textKeySupervisor     = text{"--supervisor hanya bersama --trust NAMA KUNCI", "--supervisor goes only with --trust NAME KEY"}
	textKeyTrustedAlone   = text{"--trusted tidak bisa bersama --trust", "--trusted does not go with --trust"}
	textKeyNoneTrusted    = text{"berkas data ini belum memercayai kunci rekan mana pun (siap key --trust NAMA KUNCI)", "this data file trusts no teammate's key yet (siap key --trust NAME KEY)"}
	textKeyRoleSupervisor = text{"pengawas", "supervisor"}
	textKeyTrusted        = text{"%s memercayai %s sebagai %s: paket untuk %s dienkripsi untuknya", "%s trusts %s as %s: packs for %s are encrypted for it"}
	textKeyBad            = text{"%q bukan kunci publik siap (diawali age1; siap key mencetaknya)", "%q is not a siap public key (they start with age1; siap key prints them)"}
	textNotEncrypted      = text{"perhatian: berkas data %s tidak dienkripsi (dibuat dengan --no-encryption, hanya untuk pelatihan)", "warning: data file %s is not encrypted (made with --no-encryption, for training only)"}
	textMergeNothing      = text{"sebutkan paling sedikit satu berkas data atau paket untuk digabung", "name at least one data file or pack to merge"}
	textExportOut         = text{"sebutkan folder tujuan dengan --out DIR", "name the folder to write with --out DIR"}
	textExportNames       = text{"--names harus siap, odk atau kobo, bukan %q", "--names must be siap, odk or kobo, not %q"}
	textExportPII         = text{"--include-pii: berkas ini memuat nama, NIK dan nomor HP; simpan terenkripsi dan jangan bagikan kepada yang tidak memerlukannya", "--include-pii: the files hold names, NIK and phone numbers; keep them encrypted and share them with no one who does not need them"}
	textRestoreOne        = text{"sebutkan satu cadangan untuk dipulihkan, bukan %d", "name one backup to restore, not %d"}
	textRestoreMissing    = text{"cadangan %s: %v", "backup %s: %v"}
	textRestoreDamaged    = text{"cadangan %s rusak (%s); pilih yang lain (siap restore menampilkannya)", "backup %s is damaged (%s); choose another (siap restore lists them)"}
)
