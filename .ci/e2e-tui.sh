#!/usr/bin/env bash
# Drives the built siap in tmux as an interviewer would: a fresh data
# file, a whole interview of the shipped questionnaire by keys (with a
# note on a question and the respondent's name pasted as a terminal
# pastes, bracketed), finalized after the screen asks, reopened from the
# list and finalized again; quit, then siap list, verify and export to
# check the interview is stored, completed, reopened and its note
# exported.
set -euo pipefail
cd "$(dirname "$0")/.."

# A tmux server of its own: other tmux sessions on the machine, and other
# runs of this script, neither see nor stop its session.
tmux_socket="siap-e2e-$$"
tmux() { command tmux -L "$tmux_socket" "$@"; }

work=$(mktemp -d)
trap 'tmux kill-server 2>/dev/null || true; rm -rf "$work"' EXIT
go build -o "$work/siap" .
data="$work/field/siap.db"

pass="es-teler-bandung"
tmux new-session -d -s siap-e2e -x 80 -y 24 "env -u SIAP_PASSPHRASE -u LC_ALL -u LC_MESSAGES LANG=id_ID.UTF-8 NO_COLOR=1 $work/siap --data $data; sleep 30"

screen() { tmux capture-pane -t siap-e2e -p; }
# wait_for TEXT: until the screen shows TEXT (10 s at most).
wait_for() {
  for _ in $(seq 1 100); do
    if screen | grep -qF -- "$1"; then return 0; fi
    sleep 0.1
  done
  echo "e2e: the screen never showed: $1" >&2
  screen >&2
  exit 1
}
# answer LABEL KEYS...: wait for the question, send the keys, then enter.
answer() {
  local label=$1; shift
  wait_for "$label"
  for k in "$@"; do tmux send-keys -t siap-e2e -l -- "$k"; done
  tmux send-keys -t siap-e2e Enter
  # The next screen must differ, so that a refused answer stops the run.
  for _ in $(seq 1 50); do
    if ! screen | grep -qF -- "$label"; then return 0; fi
    sleep 0.1
  done
  echo "e2e: still on: $label" >&2
  screen >&2
  exit 1
}

# A new data file: the passphrase is chosen, typed twice, hidden, asked
# in the locale's language.
wait_for "Frasa sandi baru"
tmux send-keys -t siap-e2e -l -- "$pass"; tmux send-keys -t siap-e2e Enter
# Keys sent before the second field has focus would land in the first.
wait_for "┃ Ketik sekali lagi"
tmux send-keys -t siap-e2e -l -- "$pass"; tmux send-keys -t siap-e2e Enter
answer "Siapa nama Anda" "Ani Wijaya"
answer "1. Wawancara baru"
answer "Kota tempat wawancara" 4
# A note on the household number, before answering it.
wait_for "Nomor urut rumah tangga"
tmux send-keys -t siap-e2e C-o
wait_for "Catatan untuk pertanyaan ini"
tmux send-keys -t siap-e2e -l -- "dari daftar sampel lama"; tmux send-keys -t siap-e2e Enter
wait_for "Catatan (Ani Wijaya): dari daftar sampel lama"
answer "Nomor urut rumah tangga" 21
answer "Selamat pagi"
answer "bersedia diwawancarai" 1
answer "Jenis kelamin responden" 2
# An unusual age is saved, the interviewer is asked to check it, and
# enter again keeps it.
wait_for "Berapa umur"
tmux send-keys -t siap-e2e -l -- 105; tmux send-keys -t siap-e2e Enter
wait_for "Jawaban tidak biasa"
answer "Berapa umur"
answer "Pendidikan tertinggi" 4
answer "Berapa orang anggota" 4
answer "KTP elektronik" 2
# The name is pasted, as GNOME Terminal or Windows Terminal paste: one
# bracketed paste, not keys.
wait_for "Nama lengkap responden"
tmux set-buffer -b e2e "Siti Aminah"
tmux paste-buffer -p -d -b e2e -t siap-e2e
wait_for "> Siti Aminah"
answer "Nama lengkap responden"
answer "Nomor HP yang dapat"
answer "menerima bansos?" 2
answer "rekening bank atas nama" 1
answer "dipakai dalam 90 hari" 1
answer "Dompet digital apa" 3
answer "HP apa yang" 1
answer "kartu SIM terdaftar" 1
answer "menggunakan internet" 2
answer "sinyal HP di rumah" 1
answer "mengecek saldo" 1
answer "mobile banking" 1
answer "membayar dengan QRIS" 2
answer "Cek Bansos" 2
answer "kode OTP" 2
answer "Saya yakin dapat" 4
answer "ATM terdekat" "1,5"
answer "agen bank (BRILink" 2
answer "menerima QRIS di dekat" 1
answer "diterima utuh" 4
answer "bersedia menerima bansos secara" 5
answer "paling Bapak/Ibu sukai" 2
answer "hambatan terbesar" 5
answer "Prasyarat bansos digital"
wait_for "Semua pertanyaan wajib terjawab"
# f asks first, listing the unusual answer and the note.
tmux send-keys -t siap-e2e f
wait_for "Selesaikan wawancara ini?"
wait_for "✎ Nomor urut rumah tangga"
tmux send-keys -t siap-e2e y
wait_for "Wawancara selesai dan tersimpan"
# Not yet packed for the supervisor: the interviewer reopens it from the
# list, and finalizes it again.
tmux send-keys -t siap-e2e 3
wait_for "Wawancara  status: semua"
tmux send-keys -t siap-e2e Enter
wait_for "o buka lagi"
tmux send-keys -t siap-e2e o
wait_for "Buka lagi wawancara ini"
tmux send-keys -t siap-e2e y
wait_for "Wawancara dibuka lagi sebagai draf."
tmux send-keys -t siap-e2e f
wait_for "Selesaikan wawancara ini?"
tmux send-keys -t siap-e2e y
wait_for "Wawancara selesai dan tersimpan"
tmux send-keys -t siap-e2e C-c
sleep 0.5

export SIAP_PASSPHRASE="$pass"
if grep -qa "Siti Aminah" "$data"; then echo "e2e: the respondent's name is readable in the data file" >&2; exit 1; fi
list=$("$work/siap" --data "$data" list --format csv)
echo "$list"
echo "$list" | grep -q ",completed,makassar,Ani Wijaya," || { echo "e2e: the interview is not stored as completed" >&2; exit 1; }
"$work/siap" --data "$data" verify
"$work/siap" --data "$data" export --out "$work/out"
grep -q ",reopened,.*,Ani Wijaya$" "$work/out/paradata.csv" || { echo "e2e: the reopening is not in the paradata" >&2; exit 1; }
grep -q "hh_id,dari daftar sampel lama,Ani Wijaya" "$work/out/notes.csv" || { echo "e2e: the note is not in notes.csv" >&2; cat "$work/out/notes.csv" >&2; exit 1; }
grep -q "soft_range,resp_age,105 is outside the expected ≤ 90; the interviewer checked it and kept it" "$work/out/quality.csv" || { echo "e2e: the unusual age is not flagged as checked" >&2; cat "$work/out/quality.csv" >&2; exit 1; }
echo "e2e: 1 passed, 0 failed"
