package cli

// helpTexts are the Bahasa Indonesia of the commands' help, keyed by
// the English each command declares (see localiseHelp).
var helpTexts = map[string]string{
	// The use lines' arguments.
	"check [FORM...]":                    "check [KUESIONER...]",
	"verify [--salvage NEW]":             "verify [--salvage BARU]",
	"restore [BACKUP]":                   "restore [CADANGAN]",
	"pack --out FILE":                    "pack --out BERKAS",
	"merge FILE...":                      "merge BERKAS...",
	"sync [--enrol CODE URL]":            "sync [--enrol KODE URL]",
	"export --out DIR":                   "export --out FOLDER",
	"key [--trusted | --trust NAME KEY]": "key [--trusted | --trust NAMA KUNCI]",
	"erase ID":                           "erase ID",
	"serve --db DATABASE":                "serve --db DATABASE",
	"enrol NAME...":                      "enrol NAMA...",

	// siap
	"run XLSForm questionnaires as terminal interviews": "menjalankan kuesioner XLSForm sebagai wawancara di terminal",
	"siap: run XLSForm questionnaires as terminal interviews.\n\nWithout a command, siap opens the interviewer's screen on the data file.": "siap: menjalankan kuesioner XLSForm sebagai wawancara di terminal.\n\nTanpa perintah, siap membuka layar pewawancara pada berkas data.",
	"lock the interviewer's screen behind the passphrase after this long without a key press (0: never)":                                   "kunci layar pewawancara di balik frasa sandi sesudah selama ini tanpa tombol ditekan (0: tidak pernah)",
	"print which build of siap this is (as siap version)":                                                                                  "cetak build siap yang mana ini (seperti siap version)",
	"start a new data file with this XLSForm instead of the shipped questionnaire":                                                         "mulai berkas data baru dengan XLSForm ini, bukan kuesioner bawaan",
	"make a new data file without encryption (training only: it holds personal data in clear)":                                             "buat berkas data baru tanpa enkripsi (hanya untuk pelatihan: data pribadi tersimpan terbuka)",

	// check
	"check XLSForm files and list every problem": "periksa berkas XLSForm dan tampilkan setiap masalahnya",
	"Check XLSForm files (.xlsx, or pyxform's .csv) and list every problem with its sheet, row and column;\nwithout a file, the shipped questionnaire. Exit status 1 when a form has an error.": "Periksa berkas XLSForm (.xlsx, atau .csv pyxform) dan tampilkan setiap masalah dengan lembar, baris dan kolomnya;\ntanpa berkas, kuesioner bawaan. Status keluar 1 bila sebuah kuesioner punya kesalahan.",
	"treat question types a terminal cannot capture as errors": "anggap tipe pertanyaan yang tidak dapat direkam terminal sebagai kesalahan",

	// simulate
	"add simulated complete interviews (for training and tests)": "tambahkan wawancara lengkap simulasi (untuk pelatihan dan pengujian)",
	"Add simulated complete interviews, walked through the questionnaire by the interview engine\n(skip logic, constraints and choice filters apply) and marked as simulated.": "Tambahkan wawancara lengkap simulasi, dijalankan melalui kuesioner oleh mesin wawancara\n(logika lompatan, batasan dan filter pilihan berlaku) dan ditandai sebagai simulasi.",
	"the interviewer the interviews are recorded under (to train supervisors with several)":                                                                                    "pewawancara yang namanya dicatat pada wawancara itu (untuk melatih supervisor dengan beberapa pewawancara)",
	"how many interviews to add": "berapa wawancara yang ditambahkan",
	"random seed, mixed with the interviewer's name: the same seed and name give the same interviews": "benih acak, dicampur dengan nama pewawancara: benih dan nama yang sama menghasilkan wawancara yang sama",

	// list, progress, the readers' flags
	"list the interviews in the data file": "tampilkan wawancara di berkas data",
	"List the interviews in the order they reached the data file (taken here, or brought by a merge or a sync),\n" +
		"as the export writes them, one line each, printed as they are read: the first screen comes at once\n" +
		"whatever the file's size. The table's columns are as wide as the first 100 rows need; a longer\n" +
		"interviewer's name or city further down is cut with an ellipsis (csv and json keep every value whole).": "Tampilkan wawancara menurut urutan masuknya ke berkas data (diambil di sini, atau dibawa oleh merge atau sync),\n" +
		"seperti urutan ekspor, satu baris tiap wawancara, dicetak sambil dibaca: layar pertama langsung muncul\n" +
		"berapa pun besar berkasnya. Lebar kolom tabel mengikuti 100 baris pertama; nama pewawancara atau kota\n" +
		"yang lebih panjang di bawahnya dipotong dengan elipsis (csv dan json memuat setiap nilai utuh).",
	"only this city (its code, as in the form's choices)": "hanya kota ini (kodenya, seperti di pilihan kuesioner)",
	"table, csv or json": "table, csv atau json",
	"with --server: a file readable by its owner alone (chmod 600) holding headquarters' passphrase; without it, $SIAP_PASSPHRASE or a prompt": "dengan --server: berkas yang hanya dapat dibaca pemiliknya (chmod 600) berisi frasa sandi kantor pusat; tanpanya, $SIAP_PASSPHRASE atau ditanyakan",
	"read headquarters' database (postgres://USER@HOST:PORT/DATABASE) instead of the data file":                                                "baca basis data kantor pusat (postgres://USER@HOST:PORT/DATABASE), bukan berkas data",
	"fieldwork per interviewer: interviews by status, median length, quality flags":                                                            "kerja lapangan per pewawancara: wawancara menurut status, median lamanya, tanda mutu",

	// verify, restore
	"check the data file's consistency and decode every record": "periksa keutuhan berkas data dan buka setiap catatannya",
	"Check the data file's consistency and decode every record. Exit status 1 on any problem.\nWith --salvage NEW, also write a new data file holding everything that reads: an interview with\na damaged part is left out whole, and named. NEW opens with the same passphrase.": "Periksa keutuhan berkas data dan buka setiap catatannya. Status keluar 1 bila ada masalah.\nDengan --salvage BARU, tulis juga berkas data baru berisi semua yang terbaca: wawancara yang\nsebagiannya rusak ditinggalkan seluruhnya, dan disebut. BARU dibuka dengan frasa sandi yang sama.",
	"write everything readable into this new data file":                                "tulis semua yang terbaca ke berkas data baru ini",
	"list the data file's backups, or put one in its place (the current file is kept)": "tampilkan cadangan berkas data, atau pasang salah satunya (berkas yang sekarang disimpan)",
	"Without BACKUP, list the data file's backups. With one, check it (passphrase, consistency) and put it\nin place of the data file, keeping the file it replaces beside it. Close siap first.": "Tanpa CADANGAN, tampilkan cadangan berkas data. Dengan satu cadangan, periksa (frasa sandi, keutuhan) lalu\npasang menggantikan berkas data, dengan berkas yang digantikan tetap disimpan di sampingnya. Tutup siap dulu.",

	// pack, merge, sync
	"write a copy of this laptop's interviews to carry to the supervisor": "tulis salinan wawancara laptop ini untuk dibawa ke supervisor",
	"Write this data file's interviews into a pack to carry to the supervisor, who runs siap merge FILE.\nThe pack is encrypted for the supervisor's public key (the questionnaire's siap_supervisor_key, or\none trusted with siap key --trust NAME KEY --supervisor): only the supervisor's siap opens it, and\nno passphrase travels with it. This laptop keeps its own copy in its data file.\nWith --interviewer, only that interviewer's interviews, with the decisions on them, encrypted for\nthe key trusted under that interviewer's name.": "Tulis wawancara berkas data ini ke sebuah paket untuk dibawa ke supervisor, yang menjalankan siap merge BERKAS.\nPaket dienkripsi untuk kunci publik supervisor (siap_supervisor_key kuesioner, atau kunci yang\ndipercaya dengan siap key --trust NAMA KUNCI --supervisor): hanya siap milik supervisor yang dapat\nmembukanya, dan tidak ada frasa sandi yang ikut. Laptop ini tetap menyimpan salinannya di berkas datanya.\nDengan --interviewer, hanya wawancara pewawancara itu, dengan keputusan atasnya, dienkripsi untuk\nkunci yang dipercaya atas nama pewawancara itu.",
	"only this interviewer's interviews, with the decisions on them (a supervisor's pack back to one laptop)": "hanya wawancara pewawancara ini, dengan keputusan atasnya (paket supervisor kembali ke satu laptop)",
	"the pack file to write (required)": "berkas paket yang ditulis (wajib)",
	"encrypt for these trusted names, comma-separated (default: the supervisor, or with --interviewer that interviewer)": "enkripsi untuk nama-nama tepercaya ini, dipisah koma (bawaan: supervisor, atau dengan --interviewer pewawancara itu)",
	"bring in interviews from other data files or packs":                                                                 "masukkan wawancara dari berkas data atau paket lain",
	"Bring in interviews from other data files or packs. A pack made for this data file opens with its\nown key: no passphrase is asked. A data file or backup (or a pack of an earlier siap) opens with this\nfile's passphrase, else $SIAP_PACK_PASSPHRASE, else siap asks. Interviews changed on both sides are\nkept as conflicts for Supervise to settle.": "Masukkan wawancara dari berkas data atau paket lain. Paket yang dibuat untuk berkas data ini terbuka dengan\nkuncinya sendiri: tidak ada frasa sandi yang ditanyakan. Berkas data atau cadangan (atau paket dari siap yang\nlebih lama) dibuka dengan frasa sandi berkas ini, atau $SIAP_PACK_PASSPHRASE, atau siap menanyakannya.\nWawancara yang berubah di kedua sisi disimpan sebagai konflik untuk diselesaikan di Supervisi.",
	"merge files made with --no-encryption into this encrypted one":              "gabungkan berkas yang dibuat dengan --no-encryption ke berkas terenkripsi ini",
	"send this laptop's interviews to headquarters and bring back its decisions": "kirim wawancara laptop ini ke kantor pusat dan bawa kembali keputusannya",
	"Send headquarters (siap serve) the interviews that changed since the last sync, encrypted for its\nkey, and bring back what it holds for this laptop: interviews approved or sent back. A dropped\nconnection is retried; nothing is sent or received twice, and USB packs mix with syncs in any\norder. Without a network nothing is lost: sync again later.\nOnce, first: siap sync --enrol CODE URL, with the code headquarters printed (siap serve enrol NAME)\nand its address. The laptop checks the server against the code and remembers it.": "Kirim ke kantor pusat (siap serve) wawancara yang berubah sejak sinkronisasi terakhir, dienkripsi untuk\nkuncinya, dan bawa kembali yang disimpannya untuk laptop ini: wawancara yang disetujui atau dikembalikan.\nSambungan yang putus dicoba lagi; tidak ada yang dikirim atau diterima dua kali, dan paket USB dapat\nbercampur dengan sinkronisasi dalam urutan apa pun. Tanpa jaringan tidak ada yang hilang: sinkronkan lagi nanti.\nSekali, pertama kali: siap sync --enrol KODE URL, dengan kode yang dicetak kantor pusat (siap serve enrol NAMA)\ndan alamatnya. Laptop memeriksa server dengan kode itu dan mengingatnya.",
	"enrol this laptop with the code headquarters gave, at the address given after it": "daftarkan laptop ini dengan kode dari kantor pusat, di alamat yang disebut sesudahnya",

	// export
	"write CSV, codebook, paradata, quality flags, and Stata, SPSS and R scripts that load them": "tulis CSV, buku kode, paradata, tanda mutu, serta skrip Stata, SPSS dan R yang memuatnya",
	"only this city (its code)": "hanya kota ini (kodenya)",
	"prepare the CSV files for Excel on Windows: a byte-order mark, and typed text Excel would run as a formula kept as text": "siapkan berkas CSV untuk Excel di Windows: tanda urutan bita, dan teks ketikan yang akan dijalankan Excel sebagai rumus tetap sebagai teks",
	"keep personal-data questions (names, NIK, phone numbers)":                                                                "sertakan pertanyaan data pribadi (nama, NIK, nomor HP)",
	"include simulated interviews (they are exported anyway while there are no others)":                                       "sertakan wawancara simulasi (tetap diekspor selama belum ada wawancara lain)",
	"write choice labels instead of codes":                                                                                    "tulis label pilihan, bukan kodenya",
	"language of labels (default: the interface's, when the form has it)":                                                     "bahasa label (bawaan: bahasa antarmuka, bila kuesioner memilikinya)",
	"language of labels (default: the form's default language)":                                                               "bahasa label (bawaan: bahasa bawaan kuesioner)",
	"column names: siap (the question's name), odk (group-question, as ODK Central) or kobo (group/question, as KoboToolbox)": "nama kolom: siap (nama pertanyaan), odk (grup-pertanyaan, seperti ODK Central) atau kobo (grup/pertanyaan, seperti KoboToolbox)",
	"the folder to write (required)":                                                                                          "folder tujuan (wajib)",
	"statuses to export, comma-separated":                                                                                     "status yang diekspor, dipisah koma",
	"also write data.xlsx: every table and the codebook, numbers as numbers, identifiers as text":                             "tulis juga data.xlsx: setiap tabel dan buku kode, angka sebagai angka, pengenal sebagai teks",

	// summary
	"compare the form's indicators across cities, with intervals and tests": "bandingkan indikator kuesioner antarkota, dengan interval dan uji",
	"Compare the indicators of the form's indicators sheet across the summary_by question (the city):\nproportions with Wilson intervals, means with t intervals, medians with quartiles, and a test across groups.": "Bandingkan indikator dari lembar indicators kuesioner menurut pertanyaan summary_by (kota):\nproporsi dengan interval Wilson, rata-rata dengan interval t, median dengan kuartil, dan uji antarkelompok.",
	"the select_one question to compare across (default: the form's summary_by)": "pertanyaan select_one pembanding (bawaan: summary_by kuesioner)",
	"table, csv, markdown or json": "table, csv, markdown atau json",
	"count simulated interviews too (they are counted anyway while there are no others)":            "hitung juga wawancara simulasi (tetap dihitung selama belum ada wawancara lain)",
	"medians and quartiles as r (type 7, R's default) or spss (type 6, SPSS's and Stata's centile)": "median dan kuartil cara r (tipe 7, bawaan R) atau spss (tipe 6, centile SPSS dan Stata)",
	"statuses to count, comma-separated":                                                            "status yang dihitung, dipisah koma",

	// key, passwd, erase
	"print this data file's public key, or trust a teammate's": "cetak kunci publik berkas data ini, atau percayai kunci rekan",
	"Print this data file's public key, and nothing else, so that $(siap key) is the key. Give it to\nthe teammates who send you packs: they encrypt packs for it, and only this data file opens them.\nWith --trusted, list the teammates' keys it trusts instead, one a line: name, key, role.\nWith --trust NAME KEY, trust a teammate's key under their name (an interviewer's name as their\ninterviews carry it); --supervisor makes it a key siap pack encrypts for by default.": "Cetak kunci publik berkas data ini, tanpa yang lain, sehingga $(siap key) adalah kuncinya. Berikan kepada\nrekan yang mengirimi Anda paket: mereka mengenkripsi paket untuknya, dan hanya berkas data ini yang membukanya.\nDengan --trusted, tampilkan kunci rekan yang dipercayainya, satu per baris: nama, kunci, peran.\nDengan --trust NAMA KUNCI, percayai kunci rekan atas namanya (nama pewawancara seperti tercatat pada\nwawancaranya); --supervisor menjadikannya kunci yang dipakai siap pack secara bawaan.",
	"with --trust: a supervisor's key, which packs are encrypted for by default": "dengan --trust: kunci supervisor, tujuan enkripsi paket secara bawaan",
	"trust the public key given after it under this name":                        "percayai kunci publik yang disebut sesudahnya atas nama ini",
	"list the teammates' public keys this data file trusts":                      "tampilkan kunci publik rekan yang dipercaya berkas data ini",
	"change the data file's passphrase":                                          "ganti frasa sandi berkas data",
	"Change the data file's passphrase: only the key is rewrapped, so this is instant, and backups\nmade before keep the old one. With --rotate, the data file and its backups are encrypted again\nunder a new key, so that neither the old passphrase nor the old key opens any of them: do that\nwhen the passphrase or a copy of the file may have leaked.\nScripts give the current one in $SIAP_PASSPHRASE and the new one in $SIAP_NEW_PASSPHRASE.": "Ganti frasa sandi berkas data: hanya kuncinya yang dibungkus ulang, jadi langsung selesai, dan cadangan\nyang dibuat sebelumnya tetap memakai yang lama. Dengan --rotate, berkas data dan cadangannya dienkripsi ulang\ndengan kunci baru, sehingga frasa sandi lama maupun kunci lama tidak dapat membuka satu pun: lakukan itu\nbila frasa sandi atau salinan berkas mungkin bocor.\nSkrip memberikan frasa sandi sekarang di $SIAP_PASSPHRASE dan yang baru di $SIAP_NEW_PASSPHRASE.",
	"encrypt the data file and its backups again under a new key (after a leak)": "enkripsi ulang berkas data dan cadangannya dengan kunci baru (sesudah kebocoran)",
	"erase an interview for good (a respondent's right to erasure)":              "hapus sebuah wawancara untuk selamanya (hak responden untuk dihapus datanya)",
	"Erase an interview for good, as a respondent may ask: the data file, every backup and\nany file siap restore set aside are rewritten without it. ID is as siap list shows it.": "Hapus sebuah wawancara untuk selamanya, seperti yang boleh diminta responden: berkas data, setiap cadangan dan\nberkas yang disisihkan siap restore ditulis ulang tanpanya. ID seperti yang ditampilkan siap list.",
	"do not ask for confirmation": "jangan minta konfirmasi",

	// serve
	"run headquarters: laptops enrol with it and sync to it over HTTPS": "jalankan kantor pusat: laptop mendaftar dan menyinkronkan ke sana lewat HTTPS",
	"Run headquarters for one study: interviewers' laptops enrol with it (siap serve enrol NAME prints\ntheir one-time code) and sync to it over HTTPS (siap sync), supervisors and headquarters work on\nits data over SSH. DATABASE is a PostgreSQL address (postgres://USER@HOST/DB), or a data file's\npath for a small study on one machine. The data are sealed with the study's key, which the\npassphrase unlocks: from a prompt, $SIAP_PASSPHRASE, or --passphrase-file (readable by its\nowner alone). Its certificate is self-signed and pinned by each laptop when it enrols: no\ncertificate authority is needed. A new study takes the questionnaire given with --form.": "Jalankan kantor pusat untuk satu studi: laptop pewawancara mendaftar ke sana (siap serve enrol NAMA mencetak\nkode sekali pakainya) dan menyinkronkan lewat HTTPS (siap sync), supervisor dan kantor pusat mengolah\ndatanya lewat SSH. DATABASE adalah alamat PostgreSQL (postgres://USER@HOST/DB), atau jalur berkas data\nuntuk studi kecil di satu mesin. Data disegel dengan kunci studi, yang dibuka oleh frasa sandi: dari\npertanyaan, $SIAP_PASSPHRASE, atau --passphrase-file (hanya dapat dibaca pemiliknya). Sertifikatnya\nditandatangani sendiri dan disematkan setiap laptop saat mendaftar: tidak perlu otoritas sertifikat.\nStudi baru memakai kuesioner yang diberikan dengan --form.",
	"the address laptops sync to (HTTPS); :8443 listens on every interface":                  "alamat tujuan sinkronisasi laptop (HTTPS); :8443 mendengarkan di setiap antarmuka",
	"how long enrolment codes used or expired, and the ids of packs merged, are kept":        "berapa lama kode pendaftaran yang sudah dipakai atau kedaluwarsa, dan id paket yang sudah digabung, disimpan",
	"the largest upload taken, in MiB":                                                       "unggahan terbesar yang diterima, dalam MiB",
	"also listen for supervisors and headquarters over SSH on this address, such as :2222":   "dengarkan juga supervisor dan kantor pusat lewat SSH di alamat ini, misalnya :2222",
	"the address laptops reach it at, printed with enrolment codes (default: from --listen)": "alamat yang dicapai laptop, dicetak bersama kode pendaftaran (bawaan: dari --listen)",
	"the study's database: postgres://USER@HOST/DATABASE, or a data file's path (required)":  "basis data studi: postgres://USER@HOST/DATABASE, atau jalur berkas data (wajib)",
	"read the passphrase from this file (readable by its owner alone: chmod 600)":            "baca frasa sandi dari berkas ini (hanya dapat dibaca pemiliknya: chmod 600)",
	"print one-time codes that enrol interviewers' laptops":                                  "cetak kode sekali pakai untuk mendaftarkan laptop pewawancara",
	"Print a one-time code for each interviewer NAME (as their interviews carry it). On their laptop,\nsiap sync --enrol CODE URL enrols it: the laptop checks the server's certificate against the\ncode, pins it, and is known from then on by a key of its own. A code enrols one laptop, once,\nand expires (--valid). With a data file as the database, stop siap serve first (the file is\nheld by one process); with PostgreSQL, codes are made while it runs.": "Cetak kode sekali pakai untuk setiap pewawancara NAMA (seperti tercatat pada wawancaranya). Di laptopnya,\nsiap sync --enrol KODE URL mendaftarkannya: laptop memeriksa sertifikat server dengan kode itu,\nmenyematkannya, dan sejak itu dikenal dengan kuncinya sendiri. Satu kode mendaftarkan satu laptop, sekali,\ndan kedaluwarsa (--valid). Dengan berkas data sebagai basis data, hentikan siap serve dulu (berkas itu\ndipegang satu proses); dengan PostgreSQL, kode dibuat selagi server berjalan.",
	"how long the codes may be used":                                             "berapa lama kode boleh dipakai",
	"add, list and remove the supervisors and headquarters who connect over SSH": "tambah, tampilkan dan hapus supervisor dan kantor pusat yang tersambung lewat SSH",
	"Supervisors and headquarters work on the server's data in siap's own screens over SSH\n(ssh -p 2222 SERVER). Their SSH public keys are who they are: there is no password.\nA supervisor sees and decides on their team's interviews only; hq sees every interview.": "Supervisor dan kantor pusat mengolah data server di layar siap sendiri lewat SSH\n(ssh -p 2222 SERVER). Kunci publik SSH mereka adalah identitas mereka: tidak ada kata sandi.\nSupervisor hanya melihat dan memutuskan wawancara timnya; hq melihat setiap wawancara.",
	"let someone connect with their SSH key, as a team's supervisor or as headquarters": "izinkan seseorang tersambung dengan kunci SSH-nya, sebagai supervisor sebuah tim atau sebagai kantor pusat",
	"Let someone connect with their SSH key. --role supervisor sees the interviews of the\ninterviewers --team names (as their interviews carry their names); --role hq sees all.\nNAME is recorded with every decision they make. Adding a name already known changes its\nrole and team, and adds the key given (a second laptop).": "Izinkan seseorang tersambung dengan kunci SSH-nya. --role supervisor melihat wawancara para\npewawancara yang disebut --team (seperti nama yang tercatat pada wawancaranya); --role hq melihat semua.\nNAMA dicatat pada setiap keputusannya. Menambah nama yang sudah dikenal mengganti peran dan\ntimnya, dan menambahkan kunci yang diberikan (laptop kedua).",
	"add NAME --role supervisor --team INTERVIEWER,... --key \"ssh-ed25519 AAAA...\"": "add NAMA --role supervisor --team PEWAWANCARA,... --key \"ssh-ed25519 AAAA...\"",
	"their SSH public key, as in ~/.ssh/id_ed25519.pub":                               "kunci publik SSH-nya, seperti di ~/.ssh/id_ed25519.pub",
	"the language of their screens: id or en (default: their ssh client's LANG)":      "bahasa layarnya: id atau en (bawaan: LANG klien ssh-nya)",
	"supervisor (their team's interviews) or hq (every interview)":                    "supervisor (wawancara timnya) atau hq (setiap wawancara)",
	"a supervisor's interviewers, separated by commas":                                "para pewawancara seorang supervisor, dipisah koma",
	"list who may connect over SSH: name, role, team and keys":                        "tampilkan siapa yang boleh tersambung lewat SSH: nama, peran, tim dan kunci",
	"refuse someone's SSH keys from their next connection on":                         "tolak kunci SSH seseorang mulai sambungan berikutnya",
	"remove NAME": "remove NAMA",

	// version, man
	"which build of siap this is: version, commit, Go release (as --version)": "build siap yang mana ini: versi, commit, rilis Go (seperti --version)",
	"write siap's manual page (siap man > siap.1)":                            "tulis halaman manual siap (siap man > siap.1)",
}
