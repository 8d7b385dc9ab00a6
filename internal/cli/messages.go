package cli

import "siap/store"

// The command line's own messages, in Bahasa Indonesia and English.
// The store's failures are worded from their kind (storeTexts), a
// form's problems by the form reader in either language (Problem.In);
// other errors from the packages below keep their own words.
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

	textServerURL         = text{"--server perlu alamat PostgreSQL: postgres://PENGGUNA@HOST:PORT/BASISDATA", "--server needs a PostgreSQL address: postgres://USER@HOST:PORT/DATABASE"}
	textServerAndData     = text{"--server dan --data tidak dapat dipakai bersama: pilih basis data kantor pusat atau berkas data", "--server and --data cannot go together: choose headquarters' database or a data file"}
	textPassFileNoServer  = text{"--passphrase-file hanya dipakai dengan --server (berkas data memakai SIAP_PASSPHRASE atau prompt)", "--passphrase-file goes with --server only (a data file takes SIAP_PASSPHRASE or a prompt)"}
	textServerNoStudy     = text{"basis data %s belum berisi studi siap: jalankan siap serve padanya dahulu", "database %s holds no siap study yet: start siap serve on it first"}
	textServerNoForm      = text{"basis data %s belum punya kuesioner: jalankan siap serve dengan --form", "database %s has no questionnaire yet: start siap serve on it with --form"}
	textServerWrongPass   = text{"basis data %s: frasa sandi kantor pusat salah; tidak ada yang diubah", "database %s: wrong passphrase of headquarters; nothing was changed"}
	textServerUnreachable = text{"basis data %s tidak dapat dihubungi: %v", "database %s cannot be reached: %v"}
	textServerSalvage     = text{"--salvage untuk berkas data; basis data kantor pusat dipulihkan dari cadangan PostgreSQL", "--salvage is for a data file; headquarters' database is restored from PostgreSQL's backups"}

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
	textPassTryAgain    = text{"Frasa sandi salah; coba lagi.", "Wrong passphrase; try again."}
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

	textServeUserName          = text{"sebutkan satu nama pengguna: siap serve user add NAMA ...", "name one user: siap serve user add NAME ..."}
	textServeUserRole          = text{"--role harus supervisor atau hq, bukan %q", "--role must be supervisor or hq, not %q"}
	textServeUserTeam          = text{"--role supervisor perlu --team: nama para pewawancara timnya, dipisah koma", "--role supervisor needs --team: the names of their interviewers, separated by commas"}
	textServeUserHQTeam        = text{"--team hanya untuk --role supervisor: hq melihat semua wawancara", "--team goes with --role supervisor only: hq sees every interview"}
	textServeUserLang          = text{"--lang harus id atau en, bukan %q", "--lang must be id or en, not %q"}
	textServeUserKey           = text{"--key %q bukan kunci publik SSH (isi berkas seperti ~/.ssh/id_ed25519.pub): %v", "--key %q is not an SSH public key (what a file such as ~/.ssh/id_ed25519.pub holds): %v"}
	textServeUserNoKey         = text{"%s belum terdaftar: beri --key dengan kunci publik SSH-nya", "%s is not known yet: give --key with their SSH public key"}
	textServeUserTaken         = text{"kunci ini sudah milik %s: satu kunci untuk satu orang", "this key is already %s's: one key is one person"}
	textServeUserUnknown       = text{"tidak ada pengguna %q (siap serve user list menampilkan mereka)", "there is no user %q (siap serve user list shows them)"}
	textServeUserUnknownMember = text{"perhatian: tidak ada kode pendaftaran untuk %q di kantor pusat ini; tim dicocokkan dengan nama pewawancara persis sama (yang terdaftar: %s)", "warning: headquarters made no enrolment code for %q; a team is matched by the interviewers' names exactly (enrolled: %s)"}
	textServeUserAdded         = text{"%s dapat tersambung lewat SSH sebagai supervisor tim: %s", "%s can connect over SSH as the supervisor of: %s"}
	textServeUserAddedHQ       = text{"%s dapat tersambung lewat SSH sebagai kantor pusat (semua wawancara)", "%s can connect over SSH as headquarters (every interview)"}
	textServeUserRemoved       = text{"%s dihapus: kuncinya ditolak mulai sambungan berikutnya", "%s removed: their keys are refused from their next connection on"}
	textServeUserNone          = text{"belum ada pengguna SSH: tambahkan dengan siap serve user add NAMA --role supervisor --team ... --key ...", "no SSH users yet: add one with siap serve user add NAME --role supervisor --team ... --key ..."}
	textServeUserInUse         = text{"berkas data %s sedang dipakai siap serve: hentikan dulu untuk mengubah pengguna (dengan PostgreSQL pengguna diubah saat server berjalan)", "data file %s is in use by siap serve: stop it to change its users (with PostgreSQL, users are changed while it runs)"}
	textServingSSH             = text{"SSH di %v: supervisor tersambung dengan ssh -p %s %s; ekspor mereka ditulis di %s", "SSH on %v: supervisors connect with ssh -p %s %s; their exports are written in %s"}
	textServeUserHeader        = text{"NAMA\tPERAN\tTIM\tBAHASA\tKUNCI", "NAME\tROLE\tTEAM\tLANGUAGE\tKEYS"}
)

// storeTexts word the store's failures (store.Kinds) from what they
// concern: %[1]s is the file, %[2]s the interview, form, key or backup.
var storeTexts = map[error]text{
	store.ErrNotFound:          text{"%[2]s tidak ditemukan di berkas data %[1]s", "%[2]s is not in data file %[1]s"},
	store.ErrInUse:             text{"berkas data %[1]s sedang dipakai proses siap lain: tutup dulu siap itu", "data file %[1]s is in use by another siap process: close that siap first"},
	store.ErrWrongPassphrase:   text{"berkas data %[1]s: frasa sandi salah; tidak ada yang diubah", "data file %[1]s: wrong passphrase; nothing was changed"},
	store.ErrPassphraseNeeded:  text{"berkas data %[1]s dienkripsi: perlu frasa sandi", "data file %[1]s is encrypted: a passphrase is needed"},
	store.ErrDamaged:           text{"%[1]s tidak dapat dibaca: rusak, terpotong, atau bukan berkas siap; jalankan siap --data %[1]s verify untuk melihat masalahnya, lalu pulihkan cadangan terbaru yang baik (siap --data %[1]s restore menampilkannya)", "%[1]s cannot be read: it is damaged, cut short or not a siap file; run siap --data %[1]s verify to see what is wrong, and restore the newest good backup (siap --data %[1]s restore lists them)"},
	store.ErrEmptyWithBackups:  text{"berkas data %[1]s kosong atau hilang, tetapi cadangannya ada (terbaru %[2]s): siap tidak memulai berkas baru di atasnya. Pulihkan dengan siap --data %[1]s restore %[2]s, atau pindahkan cadangannya ke tempat lain untuk mulai dari awal", "data file %[1]s is empty or missing, but its backups are there (the newest %[2]s): siap did not start a new file over them. Restore it with siap --data %[1]s restore %[2]s, or move the backups elsewhere to start afresh"},
	store.ErrIsPack:            text{"%[1]s adalah paket, dienkripsi untuk penerimanya: gabungkan ke berkas data mereka dengan siap merge", "%[1]s is a pack, encrypted for the ones it was made for: merge it into their data file with siap merge"},
	store.ErrPlainRefused:      text{"%[1]s tidak dienkripsi (dibuat dengan --no-encryption, untuk pelatihan), sedangkan berkas data ini dienkripsi: beri --allow-plain untuk tetap menggabungkannya; tidak ada yang digabung", "%[1]s is not encrypted (made with --no-encryption, for training), and this data file is: give --allow-plain to merge it anyway; nothing was merged"},
	store.ErrPackNotForYou:     text{"paket %[1]s dienkripsi untuk %[2]s, bukan untuk berkas data ini: hanya siap mereka yang dapat membukanya; minta pengirim membuat paket untuk kunci berkas ini (siap key mencetaknya)", "pack %[1]s was encrypted for %[2]s, not for this data file: only their siap opens it; ask the sender for a pack made for this file's key (siap key prints it)"},
	store.ErrNoSupervisorKey:   text{"berkas data %[1]s belum tahu kunci supervisor: minta kunci supervisor (siap key mencetaknya) lalu jalankan siap key --trust NAMA KUNCI --supervisor", "data file %[1]s knows no supervisor's key: ask the supervisor for theirs (siap key prints it) and run siap key --trust NAME KEY --supervisor"},
	store.ErrBadPublicKey:      text{"%[2]q bukan kunci publik siap (diawali age1; siap key mencetaknya)", "%[2]q is not a siap public key (they start with age1; siap key prints them)"},
	store.ErrNotAFile:          text{"berkas data %[1]s adalah folder; sebutkan sebuah berkas", "data file %[1]s is a folder; name a file"},
	store.ErrNoFile:            text{"berkas data %[1]s tidak ada", "data file %[1]s does not exist"},
	store.ErrNotSiapFile:       text{"berkas data %[1]s bukan berkas data siap (isinya data lain); sebutkan berkas lain dengan --data", "data file %[1]s is not a siap data file (it holds other data); name another file with --data"},
	store.ErrNewerFormat:       text{"berkas data %[1]s ditulis oleh siap yang lebih baru: perbarui siap untuk membukanya", "data file %[1]s was written by a newer siap: update siap to open it"},
	store.ErrPermission:        text{"berkas data %[1]s tidak dapat dibuka: tidak ada izin; berkas tidak rusak: periksa pemiliknya, atau jalankan siap sebagai pengguna itu", "data file %[1]s cannot be opened: permission denied; it is not damaged: check who owns it, or run siap as that user"},
	store.ErrReadOnlyDisk:      text{"berkas data %[1]s ada di disk hanya-baca; berkas tidak rusak: salin ke disk yang dapat ditulis, atau pakai perintah yang hanya membaca (list, export, verify)", "data file %[1]s is on a read-only disk; it is not damaged: copy it to a writable disk, or use a command that only reads (list, export, verify)"},
	store.ErrOtherForm:         text{"%[1]s memuat wawancara kuesioner %[2]q; satu berkas data untuk satu studi: mulai berkas data lain dengan --data, atau gabungkan hanya berkas studi yang sama", "%[1]s holds interviews of form %[2]q; a data file holds one study: start another data file with --data, or merge only files of the same study"},
	store.ErrNotEncrypted:      text{"berkas data %[1]s tidak dienkripsi (dibuat dengan --no-encryption), jadi tidak punya frasa sandi", "data file %[1]s is not encrypted (it was made with --no-encryption), so it has no passphrase"},
	store.ErrSameFile:          text{"%[1]s adalah berkas data itu sendiri; sebutkan berkas lain", "%[1]s is the data file itself; name another file"},
	store.ErrDamagedInterviews: text{"berkas data %[1]s: wawancara ini tidak dapat dibaca dan ditinggalkan: %[2]s; yang lain terbaca. Jalankan siap --data %[1]s verify, lalu siap --data %[1]s verify --salvage BARU untuk menyalin semua yang terbaca ke berkas baru", "data file %[1]s: these interviews could not be read and were left out: %[2]s; the others were read. Run siap --data %[1]s verify, and siap --data %[1]s verify --salvage NEW to copy everything readable into a new file"},
	store.ErrNoForm:            text{"berkas data %[1]s belum punya kuesioner: jalankan siap sekali untuk memulainya", "data file %[1]s has no questionnaire yet: run siap once to start it"},
}

// What commands print on stdout for people to read; csv and json stay
// as machines read them.
var (
	nounError             = text{"kesalahan", "error"}
	nounWarning           = text{"peringatan", "warning"}
	nounRow               = text{"baris", "row"}
	nounLanguage          = text{"bahasa", "language"}
	nounInterview         = text{"wawancara", "interview"}
	nounSimulated         = text{"wawancara simulasi", "simulated interview"}
	nounQualityFlag       = text{"tanda mutu", "quality flag"}
	textBuildNoCommit     = text{"commit tidak diketahui (dibuat tanpa keterangan kendali versi)", "commit unknown (built without version control information)"}
	textBuildCommit       = text{"commit %s", "commit %s"}
	textBuildTime         = text{" dari %s", " of %s"}
	textBuildModified     = text{", dengan perubahan yang belum di-commit", ", with changes not committed"}
	textBuildWith         = text{"dibuat dengan %s untuk %s", "built with %s for %s"}
	textShipped           = text{"%s (bawaan)", "%s (shipped)"}
	textCheckVersion      = text{" versi %q", " version %q"}
	textCheckOK           = text{"%s: baik: %q%s, %s, %s, %s", "%s: ok: %q%s, %s, %s, %s"}
	textKeptForm          = text{"kuesioner yang disimpan di berkas data (%s, versi %s) tidak dapat dibaca: %v", "the questionnaire kept in the data file (%s, version %s) cannot be read: %v"}
	textSimulated         = text{"%s ditambahkan ke %s: ", "added %s to %s: "}
	textSimulatedTally    = text{"%d selesai, %d menolak, %d tertinggal sebagai draf", "%d completed, %d refused, %d left as drafts"}
	textSimulatedStuck    = text{"draf-draf itu tidak dapat melewati:", "the drafts could not get past:"}
	textSimulatedStuckAt  = text{"  %d di %s (baris survey %d, %s): %s", "  %d at %s (survey row %d, %s): %s"}
	textVerified          = text{"%s: diperiksa %d wawancara, %d jawaban, %d kejadian paradata, %d kuesioner", "%s: checked %d interviews, %d answers, %d paradata events, %d questionnaires"}
	textVerifyNote        = text{"catatan: %s", "note: %s"}
	textVerifyStopped     = text{"berkas rusak di sini dan tidak terbaca lebih jauh: yang sesudahnya tidak diperiksa", "the file is damaged here and reads no further: what follows was not checked"}
	textVerifyProblem     = text{"masalah: %s", "problem: %s"}
	textMerged            = text{"%s: %d ditambahkan, %d diperbarui, %d tidak berubah, %d berkonflik", "%s: %d added, %d updated, %d unchanged, %d in conflict"}
	textProgressAll       = text{"semua", "all"}
	textProgressHeader    = text{"PEWAWANCARA\tDRAF\tSELESAI\tDISETUJUI\tDIKEMBALIKAN\tMENOLAK\tJUMLAH\tMEDIAN MENIT\tTANDA\tPERUBAHAN TERAKHIR", "INTERVIEWER\tDRAFT\tCOMPLETED\tAPPROVED\tSENT BACK\tREFUSED\tTOTAL\tMEDIAN MIN\tFLAGS\tLAST CHANGE"}
	textPasswdChanged     = text{"frasa sandi %s sudah diganti; cadangan yang dibuat sebelumnya tetap memakai yang lama (siap passwd --rotate mengenkripsinya ulang)", "the passphrase of %s is changed; backups made before keep the old one (siap passwd --rotate encrypts them again)"}
	textPasswdRotated     = text{"%s dan %d cadangan dienkripsi ulang dengan kunci baru dan frasa sandi baru; paket yang dibuat sebelumnya tidak berubah", "%s and %d backups are encrypted again under a new key and the new passphrase; packs made before are not changed"}
	textErased            = text{"%s dihapus dari %s dan cadangannya; paket dan ekspor yang dibuat sebelumnya masih memuatnya dan harus dihapus sendiri", "erased %s from %s and its backups; packs and exports made before still hold it and must be deleted by hand"}
	textNoBackups         = text{"%s belum punya cadangan (siap membuatnya saat membuka berkas yang berubah, paling banyak sekali sehari)", "%s has no backups yet (siap makes one when it opens a file that changed, at most once a day)"}
	textBackupsOf         = text{"Cadangan %s, dari yang terlama; pulihkan salah satunya dengan siap restore BERKAS:", "Backups of %s, oldest first; restore one with siap restore FILE:"}
	textBackupLine        = text{"  %s  %s  %d KB", "  %s  %s  %d KB"}
	textRestored          = text{"%s dipulihkan dari %s (%s)", "restored %s from %s (%s)"}
	textRestoredKept      = text{"berkas yang digantikannya disimpan sebagai %s; hapus bila sudah yakin", "the file it replaced is kept as %s; delete it when you are sure"}
	textSalvaged          = text{"%s ditulis dengan %s", "wrote %s with %s"}
	textSalvageLost       = text{"; ditinggalkan karena rusak: %s", "; left out, damaged: %s"}
	textSalvageSkipped    = text{"; catatan lain yang ditinggalkan: %s", "; other records left out: %s"}
	textNewestBackup      = text{"cadangan terbaru adalah %s: salin ke atas berkas data untuk memulihkannya", "the newest backup is %s: copy it over the data file to restore it"}
	textNoIndicators      = text{"kuesioner ini tidak punya lembar indicators, jadi tidak ada yang diringkas: tambahkan lembar itu ke kuesioner (README menjelaskannya)", "the questionnaire has no indicators sheet, so there is nothing to summarise: add one to it (the README says how)"}
	textNoProblems        = text{"tidak ada masalah", "no problems found"}
	textPackWritten       = text{"%s ditulis dengan %s: bawa ke supervisor, yang menjalankan siap merge %s", "wrote %s with %s: carry it to the supervisor, who runs siap merge %s"}
	textPackWrittenFor    = text{"%s ditulis dengan %s oleh %s: mereka menjalankan siap merge %s di laptop mereka", "wrote %s with %s by %s: they run siap merge %s on their laptop"}
	textMergeConflicts    = text{"%d wawancara berkonflik: buka siap, Supervisi, untuk memilih versi yang disimpan", "%d interviews are in conflict: open siap, Supervise, to choose which version to keep"}
	textExported          = text{"%s diekspor ke %s (%s): %s", "exported %s to %s (%s): %s"}
	textSummaryIndicator  = text{"indikator", "indicator"}
	textSummaryReference  = text{"acuan", "reference"}
	textSummaryInterviews = text{"%d wawancara, dikelompokkan menurut %s; sel menunjukkan persentase (atau rata-rata, atau median) dan n.", "%d interviews, grouped by %s; cells show the percentage (or mean, or median) and n."}
	textSummaryNoAnswer   = text{"%d tidak menjawab %s (tidak ditanya, atau dilewati): mereka ada di kolom %q, dihitung dalam %q; uji membandingkan kelompok lainnya.", "%d have no answer to %s (not asked, or skipped): they are the column %q, counted in %q; the tests compare the other groups."}
	textSummaryMethod     = text{"Persentase dengan interval Wilson 95%%, rata-rata dengan interval t, median dengan kuartil (%s); khi-kuadrat tanpa koreksi kontinuitas; angka dibulatkan menjauhi nol.", "Percentages have Wilson 95%% intervals, means t intervals, medians quartiles (%s); chi-square without continuity correction; figures rounded half away from zero."}
	textQuantilesR        = text{"tipe 7, seperti R", "type 7, as R"}
	textQuantilesSPSS     = text{"tipe 6, seperti centile SPSS dan Stata", "type 6, as SPSS and Stata's centile"}
	textSummarySimulated  = text{"Termasuk wawancara simulasi.", "These include simulated interviews."}
	textSummaryPerValue   = text{"%s, wawancara per nilai:", "%s, interviews per value:"}
	textSummarySmall      = text{"ada frekuensi harapan %.1f, di bawah 5: nilai p uji khi-kuadrat hanya perkiraan", "an expected count is %.1f, below 5: the chi-square p-value is approximate"}
	textSummarySource     = text{"acuan %s: %s", "%s reference: %s"}
)

// statusWords name the interview statuses in tables people read; csv
// and json keep the statuses' own names.
var statusWords = map[store.Status]text{
	store.Draft:     {"draf", "draft"},
	store.Completed: {"selesai", "completed"},
	store.Approved:  {"disetujui", "approved"},
	store.Rejected:  {"dikembalikan", "sent back"},
	store.Refused:   {"menolak", "refused"},
}

// statusWord is a status in the language, or its own name when it has
// no words.
func statusWord(l lang, s store.Status) string {
	if w, ok := statusWords[s]; ok {
		return w[l]
	}
	return string(s)
}
