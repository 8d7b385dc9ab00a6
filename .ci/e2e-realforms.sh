#!/usr/bin/env bash
# Interviews field questionnaires teams wrote for ODK and KoboToolbox, by
# keys at 80x24 as an interviewer would, each unchanged from the shared
# forms folder: a cascade of choice lists (choice_filter), answers a
# constraint refuses, a repeat, then finalize, export, and check the
# exported row holds what was typed and loads in R.
#   - onadata_external_choice_form_v1.xlsx (Jakarta flood report, in
#     Indonesian): kota > kecamatan > kelurahan from its external_choices
#     sheet, RW 45 refused by ". > 0 and . < 30", field-list groups.
#   - onadata_mali_health.xlsx (Mali health facilities, English/French):
#     region > district, a PCode refused by regex(), a negative count
#     refused by ". >= 0".
#   - xlsform_spec_test.xlsx (pyxform's specification form): a repeat of
#     two instances whose select_multiple refuses yes and no together, and
#     a decimal refused by ". <= ${a_integer}". None of the field
#     questionnaires that pyxform converts has a repeat.
# The forms are not part of siap: without ../shared/xlsforms the script
# says so and passes.
set -euo pipefail
cd "$(dirname "$0")/.."

# A tmux server of its own: other tmux sessions on the machine, and other
# runs of this script, neither see nor stop its session.
tmux_socket="siap-e2e-$$"
tmux() { command tmux -L "$tmux_socket" "$@"; }

forms=""
if [ -d ../shared/xlsforms/real ]; then forms=$(cd ../shared/xlsforms && pwd); fi
if [ -z "$forms" ]; then
  echo "e2e-realforms: skipped: the shared XLSForms (../shared/xlsforms) are not here"
  exit 0
fi

work=$(mktemp -d)
sess="siap-realforms-$$"
trap 'tmux kill-server 2>/dev/null || true; rm -rf "$work"' EXIT
go build -o "$work/siap" .

screen() { tmux capture-pane -t "$sess" -p; }
fail() {
  echo "e2e-realforms: $form: $1" >&2
  screen 2>/dev/null >&2 || true
  exit 1
}
# wait_for PATTERN: until the screen shows PATTERN (grep -E), 10 s at most.
wait_for() {
  for _ in $(seq 1 100); do
    if screen | grep -qE -- "$1"; then return 0; fi
    sleep 0.1
  done
  fail "the screen never showed: $1"
}
# at N: question N is on the screen (the interface speaks either language).
at() { wait_for "(Pertanyaan|Question) $1 (dari|of) "; }
keys() { for k in "$@"; do tmux send-keys -t "$sess" -l -- "$k"; done; }
enter() { tmux send-keys -t "$sess" Enter; }
# answer N KEYS...: at question N, type KEYS, enter; the next question
# (or the review) must follow, so that a refused answer stops the run.
answer() {
  local n=$1
  shift
  at "$n"
  keys "$@"
  enter
  wait_for "(Pertanyaan|Question) $((n + 1)) (dari|of) |Periksa wawancara|Review the interview"
}
# refused N TEXT MESSAGE: at question N, TEXT is typed and refused with
# MESSAGE; the interview stays at N and TEXT is erased.
refused() {
  local n=$1 text=$2 msg=$3
  at "$n"
  keys "$text"
  enter
  wait_for "$msg"
  at "$n"
  for _ in $(seq 1 ${#text}); do tmux send-keys -t "$sess" BSpace; done
}
# start FORM: a new training data file for FORM, an interviewer's name,
# and a new interview.
start() {
  form=$1
  data="$work/$form.db"
  tmux kill-session -t "$sess" 2>/dev/null || true
  tmux new-session -d -s "$sess" -x 80 -y 24 "env NO_COLOR=1 $work/siap --data $data --no-encryption --form $2; sleep 30"
  wait_for "Siapa nama Anda|What is your name"
  keys "Ani Wijaya"
  enter
  wait_for "1\. (Wawancara baru|New interview)"
  enter
}
# finish: finalize from the review (siap asks first), quit, and export
# the interview.
finish() {
  wait_for "Semua pertanyaan wajib terjawab|All required questions are answered"
  tmux send-keys -t "$sess" f
  wait_for "Selesaikan wawancara ini\?|Finalize this interview\?"
  tmux send-keys -t "$sess" y
  wait_for "Wawancara selesai dan tersimpan|The interview is complete and saved"
  tmux send-keys -t "$sess" C-c
  # The data file is free once siap has ended.
  for _ in $(seq 1 100); do
    pgrep -f -- "$work/siap --data $data" >/dev/null || break
    sleep 0.1
  done
  tmux kill-session -t "$sess" 2>/dev/null || true
  out="$work/$form"
  "$work/siap" --data "$data" list --format csv | grep -q ",completed," || fail "the interview is not stored as completed"
  "$work/siap" --data "$data" export --out "$out" >/dev/null
}
# row_has COLUMN VALUE [FILE]: the export's first row has VALUE in COLUMN.
row_has() {
  local file=${3:-data.csv}
  local got
  got=$(awk -F, -v col="$1" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == col) c = i } NR == 2 { print $c }' "$out/$file")
  [ "$got" = "$2" ] || fail "$file: $1 is \"$got\", want \"$2\""
}
# loads_in_r SCRIPT ROWS: the exported R script reads ROWS rows.
loads_in_r() {
  command -v Rscript >/dev/null || { echo "e2e-realforms: $form: Rscript missing, $1 not run"; return 0; }
  local rows
  rows=$(cd "$out" && Rscript -e "source('$1', encoding = 'UTF-8'); cat(nrow(get(sub('\\\\.R\$', '', '$1'))))" 2>&1 | tail -1)
  [ "$rows" = "$2" ] || fail "$1 read \"$rows\" rows, want $2"
}

# 1. Jakarta flood report: a three-level cascade and a refused RW.
start jakarta "$forms/real/onadata_external_choice_form_v1.xlsx"
answer 1 "Palang Merah"
answer 2 "Budi Santoso"
answer 3 2 # Kota: Jakarta Timur
# Only Jakarta Timur's kecamatan are offered.
at 4
wait_for "Jatinegara"
screen | grep -q "Penjaringan" && fail "a kecamatan of Jakarta Utara is offered after Jakarta Timur"
answer 4 5 # Jatinegara
at 5
wait_for "Bali Mester"
screen | grep -q "Cakung Barat" && fail "a kelurahan of Cakung is offered after Jatinegara"
answer 5 1 # Bali Mester
refused 6 45 "Pastikan data yang Anda masukkan benar"
answer 6 7
answer 7 3
answer 8 "1-3"
answer 9 2           # 71 - 150 cm
answer 10 1 6        # rain and blocked drains
answer 11 1
answer 12 120
answer 13 30
answer 14 40
answer 15 10
answer 16 "Masjid Al Ikhlas"
answer 17            # a note
answer 18 3          # drinking water
finish
row_has kota jakarta_timur
row_has kecamatan jatinegara
row_has kelurahan bali_mester
row_has rw 7
row_has penyebab_banjir "hujan_lokal saluran_tersumbat"
row_has nama_idpcamp "Masjid Al Ikhlas"
loads_in_r data.R 1

# 2. Mali health facilities: region > district, a regex and a bound.
start mali "$forms/real/onadata_mali_health.xlsx"
refused 1 "ab" "does not accept this answer"
answer 1 ML010203041
answer 2 2 # GAO
at 3
wait_for "MENAKA"
screen | grep -q "KATI" && fail "a district of Koulikoro is offered after Gao"
answer 3 4 # MENAKA
answer 4 CSREF01
answer 5 1
answer 6 PC00002
answer 7 1
refused 8 -3 "does not accept this answer"
answer 8 12
answer 9 7
answer 10 1
answer 11 2
answer 12
answer 13
answer 14
finish
row_has Pcode ML010203041
row_has region gao
row_has DISTRICT menaka
row_has NBRE_VILLAGE 12
loads_in_r data.R 1

# 3. pyxform's specification form: a repeat of two instances.
start spec "$forms/xlsform_spec_test.xlsx"
answer 1 2 # do not skip to the end
answer 2 Ani
for n in 3 4 5 6 7 8 9; do answer $n; done
answer 10 5
refused 11 9 "does not accept this answer"
answer 11 3
answer 12 "first child"
# yes and no together are refused, in the form's language.
at 13
keys 1 2
enter
wait_for "你可以不選擇"
keys 2
enter
for n in 14 15 16 17; do answer $n 1; done
answer 18 2
answer 19 "second child"
answer 20 2
for n in 21 22 23 24; do answer $n 1; done
answer 25 2
for n in $(seq 26 40); do answer "$n"; done
finish
row_has a_integer 5
row_has a_decimal 3
row_has required_text "first child" repeat_test.csv
loads_in_r repeat_test.R 2
loads_in_r data.R 1

echo "e2e-realforms: 3 passed, 0 failed"
