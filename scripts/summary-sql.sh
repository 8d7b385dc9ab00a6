#!/usr/bin/env bash
# Prints the SQL that computes, over the shipped questionnaire's exported
# data.csv loaded into sqlite3 as the table `data` (every column text, as
# .import leaves it), what `siap summary` reports: for every indicator of
# the form's indicators sheet, per city (the form's summary_by), for the
# interviews without a city and for all of them, its n and its
# percentage, mean or median; the Wilson interval of a percentage, the
# standard deviation of a mean, the quartiles of a median, the
# readiness index's value counts, and the test statistics across cities
# (chi-square for a percentage, Kruskal-Wallis H with ties corrected for
# a number). scripts/bench-scale.sh times it beside `siap summary`.
#
#   sqlite3 same.sqlite ".mode csv" ".import data.csv data" ; scripts/summary-sql.sh | sqlite3 same.sqlite
#
# What SQL cannot express is left out of sqlite3's side: the p-values
# (the chi-square distribution) and the t intervals of means (Student's
# t quantile). siap summary computes those too.
#
# The indicators are the form's (questionnaires/forms/bansos_readiness.csv,
# sheet indicators), each expression written in SQL. An indicator applies
# to an interview when every question it names has an answer and is
# relevant (interview.State.Applies); the export leaves such a cell
# empty, so `column <> ''` is that rule. A choice code compared with a
# number is compared as a number, as XPath does (${own_account} = 1).
set -euo pipefail

# name|column it names|its value where it applies, as SQL
proportions=(
  "account|own_account|cast(own_account as real) = 1"
  "ewallet|ewallets|instr(' ' || ewallets || ' ', ' none ') = 0"
  "ektp|has_ektp|cast(has_ektp as real) = 1"
  "smartphone|phone_type|phone_type = 'smartphone'"
  "internet|internet_3m|cast(internet_3m as real) = 1"
  "qris|used_qris|cast(used_qris as real) = 1"
  "literacy|checks_balance|cast(checks_balance as real) = 1"
  "trust|trust_channel|cast(trust_channel as real) >= 4"
  "willing|willing_digital|cast(willing_digital as real) >= 4"
)
means=(
  "travel_minutes|travel_minutes"
  "readiness_index|preconditions_met"
)
medians=(
  "dist_atm|dist_atm_km"
  "dist_agent|dist_agent_km"
)
# The readiness index is a small whole-number scale: its values counted.
distribution=readiness_index

# v: one row per interview, its group and each indicator's value where
# it applies (NULL where not).
echo "create temp table v as select case when city = '' then '_no_answer' else city end as g"
for p in "${proportions[@]}"; do
  IFS='|' read -r name col expr <<<"$p"
  echo "  , case when $col <> '' then ($expr) end as $name"
done
for m in "${means[@]}" "${medians[@]}"; do
  IFS='|' read -r name col <<<"$m"
  echo "  , case when $col <> '' then cast($col as real) end as $name"
done
echo "from data;"

# Per group: n and the count met of each percentage, n, sum and sum of
# squares of each mean; then the groups and all together.
echo "create temp table sums as select g, count(*) as interviews"
for p in "${proportions[@]}"; do
  IFS='|' read -r name _ <<<"$p"
  echo "  , count($name) as ${name}_n, sum($name) as ${name}_met"
done
for m in "${means[@]}"; do
  IFS='|' read -r name _ <<<"$m"
  echo "  , count($name) as ${name}_n, sum($name) as ${name}_sum, sum($name * $name) as ${name}_ss"
done
echo "from v group by g;"
echo "insert into sums select 'all', sum(interviews)"
for p in "${proportions[@]}"; do
  IFS='|' read -r name _ <<<"$p"
  echo "  , sum(${name}_n), sum(${name}_met)"
done
for m in "${means[@]}"; do
  IFS='|' read -r name _ <<<"$m"
  echo "  , sum(${name}_n), sum(${name}_sum), sum(${name}_ss)"
done
echo "from sums;"

echo ".headers on"
echo ".mode csv"
# Percentages with their Wilson 95% interval.
z=1.959963984540054
for p in "${proportions[@]}"; do
  IFS='|' read -r name _ <<<"$p"
  n="${name}_n" x="${name}_met"
  cat <<SQL
select '$name' as indicator, g as grp, $n as n, $x as count,
  100.0 * $x / $n as value,
  100 * max(0, ((1.0 * $x / $n) + $z * $z / (2.0 * $n)) / (1 + $z * $z / $n)
    - $z * sqrt((1.0 * $x / $n) * (1 - 1.0 * $x / $n) / $n + $z * $z / (4.0 * $n * $n)) / (1 + $z * $z / $n)) as ci_low,
  100 * min(1, ((1.0 * $x / $n) + $z * $z / (2.0 * $n)) / (1 + $z * $z / $n)
    + $z * sqrt((1.0 * $x / $n) * (1 - 1.0 * $x / $n) / $n + $z * $z / (4.0 * $n * $n)) / (1 + $z * $z / $n)) as ci_high
from sums where $n > 0;
SQL
  # Chi-square across the cities (the interviews without one left out).
  cat <<SQL
with t as (select sum($n) as n, sum($x) as x from sums where g not in ('all', '_no_answer') and $n > 0)
select '$name' as indicator, 'chi-square' as test,
  sum(($x - 1.0 * $n * t.x / t.n) * ($x - 1.0 * $n * t.x / t.n) / (1.0 * $n * t.x / t.n)
    + (($n - $x) - 1.0 * $n * (t.n - t.x) / t.n) * (($n - $x) - 1.0 * $n * (t.n - t.x) / t.n) / (1.0 * $n * (t.n - t.x) / t.n)) as statistic,
  count(*) - 1 as df
from sums, t where g not in ('all', '_no_answer') and $n > 0;
SQL
done
# Means with their standard deviation.
for m in "${means[@]}"; do
  IFS='|' read -r name _ <<<"$m"
  n="${name}_n" s="${name}_sum" ss="${name}_ss"
  cat <<SQL
select '$name' as indicator, g as grp, $n as n, $s / $n as value,
  case when $n > 1 then sqrt(($ss - $s * $s / $n) / ($n - 1)) end as sd
from sums where $n > 0;
SQL
done
# Medians and quartiles (Hyndman and Fan's type 7, siap's default):
# order statistics from a window over each group's sorted values.
for m in "${medians[@]}"; do
  IFS='|' read -r name _ <<<"$m"
  cat <<SQL
with s as (select g, $name as x from v where $name is not null union all select 'all', $name from v where $name is not null),
o as (select g, x, row_number() over (partition by g order by x) - 1 as k, count(*) over (partition by g) as n from s),
q as (select g, n,
  max(case when k = cast((n - 1) * 0.25 as integer) then x end) as a25, max(case when k = min(cast((n - 1) * 0.25 as integer) + 1, n - 1) then x end) as b25,
  max(case when k = cast((n - 1) * 0.5 as integer) then x end) as a50, max(case when k = min(cast((n - 1) * 0.5 as integer) + 1, n - 1) then x end) as b50,
  max(case when k = cast((n - 1) * 0.75 as integer) then x end) as a75, max(case when k = min(cast((n - 1) * 0.75 as integer) + 1, n - 1) then x end) as b75
  from o group by g)
select '$name' as indicator, g as grp, n,
  a50 + ((n - 1) * 0.5 - cast((n - 1) * 0.5 as integer)) * (b50 - a50) as value,
  a25 + ((n - 1) * 0.25 - cast((n - 1) * 0.25 as integer)) * (b25 - a25) as q1,
  a75 + ((n - 1) * 0.75 - cast((n - 1) * 0.75 as integer)) * (b75 - a75) as q3
from q;
SQL
done
# Kruskal-Wallis H across the cities, with mid-ranks of the pooled
# values and the correction for ties, for every number.
for m in "${means[@]}" "${medians[@]}"; do
  IFS='|' read -r name _ <<<"$m"
  cat <<SQL
with r as (select g, $name as x, rank() over (order by $name) + (count(*) over (partition by $name) - 1) / 2.0 as rk
  from v where $name is not null and g <> '_no_answer'),
grp as (select sum(rk) as rs, count(*) as n from r group by g),
tot as (select sum(n) as n, sum(rs * rs / n) as s, count(*) as groups from grp),
ties as (select sum(1.0 * t * t * t - t) as c from (select count(*) as t from r group by x))
select '$name' as indicator, 'Kruskal-Wallis' as test,
  (12.0 / (tot.n * (tot.n + 1.0)) * tot.s - 3 * (tot.n + 1.0)) / (1 - ties.c / (1.0 * tot.n * tot.n * tot.n - tot.n)) as statistic,
  tot.groups - 1 as df
from tot, ties;
SQL
done
# The readiness index's value counts, per group and for all.
cat <<SQL
select '$distribution' as indicator, g as grp, $distribution as value, count(*) as n from v where $distribution is not null group by g, $distribution
union all select '$distribution', 'all', $distribution, count(*) from v where $distribution is not null group by $distribution
order by 2, 3;
SQL
