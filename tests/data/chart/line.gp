# lbc-chart: line chart, 12 rows by 1 column (totals left out)
# Every label is a single-quoted string, which gnuplot takes literally.
set encoding utf8
set terminal pngcairo size 1000,600 font 'Noto Sans CJK SC,12' background rgb 'white' noenhanced
set termoption noenhanced
set output 'out.png'
set title '留守儿童人数：'.'月份'."\n".'数据日期未注明' font ',15.6'
set border 3 lc rgb '#404040'
set tics nomirror out
set key off
set grid ytics lc rgb '#d9d9d9' back
set xlabel '月份'
set ylabel '人数'
set xrange [-0.5:11.5]
set yrange [0:1020]
set format y '%.0f'
set ytics 200
set xtics scale 0 nomirror ( \
	'2023-01' 0, \
	'2023-02' 1, \
	'2023-03' 2, \
	'2023-04' 3, \
	'2023-05' 4, \
	'2023-06' 5, \
	'2023-07' 6, \
	'2023-08' 7, \
	'2023-09' 8, \
	'2023-10' 9, \
	'2023-11' 10, \
	'2023-12' 11)
# $data: one block per column of the table, one line per row: x, count
$data << EOD
0	640
1	702
2	815
3	790
4	760
5	731
6	698
7	705
8	880
9	910
10	842
11	835
EOD
plot $data index 0 using 1:2 with linespoints lw 2 pt 7 ps 1.3 dt 1 lc rgb '#0072b2' title '人数', \
	$data index 0 using 1:2:(stringcolumn(2)) with labels center offset 0,1 font ',10.2' notitle
unset output
