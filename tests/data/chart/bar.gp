# lbc-chart: bar chart, 6 rows by 1 column (totals left out)
# Every label is a single-quoted string, which gnuplot takes literally.
set encoding utf8
set terminal pngcairo size 1000,600 font 'Noto Sans CJK SC,12' background rgb 'white' noenhanced
set termoption noenhanced
set output 'out.png'
set title '留守儿童人数：'.'存在问题'."\n".'数据日期未注明' font ',15.6'
set border 3 lc rgb '#404040'
set tics nomirror out
set key off
set style fill solid 1.0
set grid ytics lc rgb '#d9d9d9' back
set xlabel '存在问题'
set ylabel '人数'
set xrange [-0.6:5.6]
set yrange [0:4750]
set format y '%.0f'
set ytics 1000
set xtics scale 0 nomirror ( \
	'学业失教' 0, \
	'生活失助' 1, \
	'亲情失落' 2, \
	'心理失衡' 3, \
	'安全失保' 4, \
	'无' 5)
# $data: one block per column of the table (index 0, 1, ...), one line per row:
# label x, label y, box x from, to, y from, to, count
$data << EOD
0	2034	-0.3500	0.3500	0	2034	2034
1	1560	0.6500	1.3500	0	1560	1560
2	4310	1.6500	2.3500	0	4310	4310
3	1287	2.6500	3.3500	0	1287	1287
4	866	3.6500	4.3500	0	866	866
5	3120	4.6500	5.3500	0	3120	3120
EOD
plot $data index 0 using 1:2:3:4:5:6 with boxxyerror fillstyle solid 1.0 border lc rgb '#404040' lc rgb '#0072b2' title '人数', \
	$data index 0 using 1:2:(stringcolumn(7)) with labels center offset 0,0.6 font ',10.2' notitle
unset output
