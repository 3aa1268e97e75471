# lbc-chart: grouped chart, 6 rows by 3 columns (totals left out)
# Every label is a single-quoted string, which gnuplot takes literally.
set encoding utf8
set terminal svg size 1000,600 font 'Noto Sans CJK SC,16' background rgb 'white' noenhanced
set termoption noenhanced
set output 'out.svg'
set title '留守儿童人数：'.'区划'."\n".'数据日期未注明' font ',20.8'
set border 3 lc rgb '#404040'
set tics nomirror out
set key outside right top vertical Left reverse width 1 noautotitle
set style fill solid 1.0
set grid ytics lc rgb '#d9d9d9' back
set xlabel '区划'
set ylabel '人数'
set xrange [-0.6:5.6]
set yrange [0:975]
set format y '%.0f'
set ytics 200
set xtics scale 0 nomirror ( \
	'云岩区' 0, \
	'南明区' 1, \
	'花溪区' 2, \
	'乌当区' 3, \
	'开阳县' 4, \
	'息烽县' 5)
# $data: one block per column of the table (index 0, 1, ...), one line per row:
# label x, label y, box x from, to, y from, to, count
$data << EOD
-0.2666666667	86	-0.4000	-0.1333	0	86	86
0.7333333333	71	0.6000	0.8667	0	71	71
1.733333333	95	1.6000	1.8667	0	95	95
2.733333333	60	2.6000	2.8667	0	60	60
3.733333333	158	3.6000	3.8667	0	158	158
4.733333333	77	4.6000	4.8667	0	77	77


-2.775557562e-17	312	-0.1333	0.1333	0	312	312
1	280	0.8667	1.1333	0	280	280
2	301	1.8667	2.1333	0	301	301
3	190	2.8667	3.1333	0	190	190
4	402	3.8667	4.1333	0	402	402
5	233	4.8667	5.1333	0	233	233


0.2666666667	886	0.1333	0.4000	0	886	886
1.266666667	752	1.1333	1.4000	0	752	752
2.266666667	560	2.1333	2.4000	0	560	560
3.266666667	462	3.1333	3.4000	0	462	462
4.266666667	761	4.1333	4.4000	0	761	761
5.266666667	564	5.1333	5.4000	0	564	564
EOD
plot $data index 0 using 1:2:3:4:5:6 with boxxyerror fillstyle solid 1.0 border lc rgb '#404040' lc rgb '#440154' title '高风险', \
	$data index 1 using 1:2:3:4:5:6 with boxxyerror fillstyle solid 1.0 border lc rgb '#404040' lc rgb '#26858d' title '中风险', \
	$data index 2 using 1:2:3:4:5:6 with boxxyerror fillstyle solid 1.0 border lc rgb '#404040' lc rgb '#bddf26' title '低风险', \
	$data index 0 using 1:2:(stringcolumn(7)) with labels center offset 0,0.6 font ',13.6' notitle, \
	$data index 1 using 1:2:(stringcolumn(7)) with labels center offset 0,0.6 font ',13.6' notitle, \
	$data index 2 using 1:2:(stringcolumn(7)) with labels center offset 0,0.6 font ',13.6' notitle
unset output
