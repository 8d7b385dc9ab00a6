package cli

// The messages of siap serve and siap sync, in Bahasa Indonesia and
// English (refusals from headquarters are package hq's).
var (
	textServeDB         = text{"sebutkan basis data studi dengan --db postgres://PENGGUNA@HOST/BASISDATA (atau path berkas data)", "name the study's database with --db postgres://USER@HOST/DATABASE (or a data file's path)"}
	textServeMaxPack    = text{"--max-pack harus paling sedikit 1 (MiB), bukan %d", "--max-pack must be at least 1 (MiB), not %d"}
	textServeNoSSH      = text{"siap ini dibuat tanpa pendengar SSH: --ssh tidak tersedia", "this siap was built without the SSH listener: --ssh is not available"}
	textServeListen     = text{"tidak dapat mendengarkan di %s: %v", "cannot listen on %s: %v"}
	textServePlain      = text{"kantor pusat menyimpan data responden: --no-encryption tidak diterima", "headquarters keeps respondents' data: --no-encryption is refused"}
	textServePlainFile  = text{"berkas data %s tidak dienkripsi: kantor pusat memerlukan berkas terenkripsi", "data file %s is not encrypted: headquarters needs an encrypted one"}
	textServePassphrase = text{"isi --passphrase-file atau %s, atau jalankan siap serve di terminal untuk mengetik frasa sandi", "give --passphrase-file or set %s, or run siap serve in a terminal to type the passphrase"}
	textAskServerPass   = text{"Frasa sandi kantor pusat", "Passphrase of headquarters"}
	textServing         = text{
		"kantor pusat untuk %s (kuesioner %s) di %s\n  sidik jari sertifikat (SHA-256): %s\n  kunci publik: %s\n  daftarkan laptop: siap serve enrol NAMA; hentikan dengan Ctrl+C",
		"headquarters for %s (questionnaire %s) at %s\n  certificate fingerprint (SHA-256): %s\n  public key: %s\n  enrol a laptop: siap serve enrol NAME; stop with Ctrl+C"}
	textPassFile      = text{"--passphrase-file %s: %v", "--passphrase-file %s: %v"}
	textPassFileDir   = text{"--passphrase-file %s adalah folder; sebutkan berkas", "--passphrase-file %s is a folder; name a file"}
	textPassFileOpen  = text{"--passphrase-file %s dapat dibaca orang lain (mode %s): siapa pun yang membacanya membuka data semua responden; jalankan chmod 600 %s", "--passphrase-file %s can be read by others (mode %s): whoever reads it opens every respondent's data; run chmod 600 %s"}
	textPassFileEmpty = text{"--passphrase-file %s kosong", "--passphrase-file %s is empty"}

	textEnrolName      = text{"sebutkan nama pewawancara: siap serve enrol NAMA...", "name the interviewers: siap serve enrol NAME..."}
	textServeRetention = text{"--retention harus durasi lebih dari nol, misalnya 720h, bukan %v", "--retention must be a duration above zero, such as 720h, not %v"}
	textEnrolValid     = text{"--valid harus durasi lebih dari nol, misalnya 24h, bukan %v", "--valid must be a duration above zero, such as 24h, not %v"}
	textEnrolInUse     = text{"berkas data %s sedang dipakai siap serve: hentikan dulu untuk membuat kode (dengan PostgreSQL kode dibuat saat server berjalan)", "data file %s is in use by siap serve: stop it to make a code (with PostgreSQL, codes are made while it runs)"}
	textEnrolCode      = text{
		"kode pendaftaran untuk %s: %s\n  berlaku sekali, sampai %s\n  di laptopnya: siap sync --enrol %s %s\n  (laptop memeriksa sertifikat server %s)",
		"enrolment code for %s: %s\n  valid once, until %s\n  on their laptop: siap sync --enrol %s %s\n  (the laptop checks the server's certificate %s)"}

	textSyncEnrolArgs   = text{"--enrol KODE perlu alamat kantor pusat sesudahnya: siap sync --enrol KODE https://SERVER:8443", "--enrol CODE needs headquarters' address after it: siap sync --enrol CODE https://SERVER:8443"}
	textEnrolled        = text{"terdaftar di kantor pusat %s sebagai %s; sertifikatnya (%s) diingat. Jalankan siap sync untuk mengirim wawancara", "enrolled with headquarters at %s as %s; its certificate (%s) is pinned. Run siap sync to send interviews"}
	textSyncNothingSent = text{"tidak ada yang baru untuk dikirim", "nothing new to send"}
	textSyncSentAgain   = text{"%s sudah sampai di kantor pusat sebelumnya; tidak ada yang ditulis dua kali", "%s had reached headquarters already; nothing was written twice"}
	textSyncSent        = text{"%s dikirim ke kantor pusat: %d baru, %d diperbarui, %d sama, %d konflik", "sent %s to headquarters: %d added, %d updated, %d unchanged, %d in conflict"}
	textSyncOthers      = text{"%s pewawancara lain di laptop ini tidak dikirim: kantor pusat menerima dari laptop ini hanya wawancara pewawancaranya; wawancara itu dikirim dari laptop pewawancaranya sendiri atau dengan paket USB", "%s of other interviewers on this laptop not sent: headquarters takes from this laptop its own interviewer's interviews only; those go from their interviewer's own laptop, or by USB pack"}
	textSyncNothingBack = text{"tidak ada yang baru dari kantor pusat", "nothing new from headquarters"}
	textSyncBack        = text{"dari kantor pusat: %d baru, %d diperbarui, %d sama, %d konflik", "from headquarters: %d added, %d updated, %d unchanged, %d in conflict"}
)
