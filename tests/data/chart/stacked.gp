# lbc-chart: stacked chart, 6 rows by 3 columns (totals left out)
# Every label is a single-quoted string, which gnuplot takes literally.
set encoding utf8
set terminal pngcairo size 1000,600 font 'Noto Sans CJK SC,12' background rgb 'white' noenhanced
set termoption noenhanced
set output 'out.png'
set title '留守儿童人数：'.'区划'."\n".'数据日期未注明' font ',15.6'
set border 3 lc rgb '#404040'
set tics nomirror out
set key outside right top vertical Left reverse width 1 noautotitle
set style fill solid 1.0
set grid ytics lc rgb '#d9d9d9' back
set xlabel '区划'
set ylabel '人数'
set xrange [-0.6:5.6]
set yrange [0:1460]
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
0	43	-0.3500	0.3500	0	86	86
1	35.5	0.6500	1.3500	0	71	71
2	47.5	1.6500	2.3500	0	95	95
3	30	2.6500	3.3500	0	60	60
4	79	3.6500	4.3500	0	158	158
5	38.5	4.6500	5.3500	0	77	77


0	242	-0.3500	0.3500	86	398	312
1	211	0.6500	1.3500	71	351	280
2	245.5	1.6500	2.3500	95	396	301
3	155	2.6500	3.3500	60	250	190
4	359	3.6500	4.3500	158	560	402
5	193.5	4.6500	5.3500	77	310	233


0	841	-0.3500	0.3500	398	1284	886
1	727	0.6500	1.3500	351	1103	752
2	676	1.6500	2.3500	396	956	560
3	481	2.6500	3.3500	250	712	462
4	940.5	3.6500	4.3500	560	1321	761
5	592	4.6500	5.3500	310	874	564


0	1284	0.0000	0.0000	0	0	1284
1	1103	0.0000	0.0000	0	0	1103
2	956	0.0000	0.0000	0	0	956
3	712	0.0000	0.0000	0	0	712
4	1321	0.0000	0.0000	0	0	1321
5	874	0.0000	0.0000	0	0	874
EOD
plot $data index 0 using 1:2:3:4:5:6 with boxxyerror fillstyle solid 1.0 border lc rgb '#404040' lc rgb '#440154' title '高风险', \
	$data index 1 using 1:2:3:4:5:6 with boxxyerror fillstyle solid 1.0 border lc rgb '#404040' lc rgb '#26858d' title '中风险', \
	$data index 2 using 1:2:3:4:5:6 with boxxyerror fillstyle solid 1.0 border lc rgb '#404040' lc rgb '#bddf26' title '低风险', \
	$data index 0 using 1:2:(abs($7) >= 70.1 ? stringcolumn(7) : '') with labels center font ',10.2' tc rgb '#ffffff' notitle, \
	$data index 1 using 1:2:(abs($7) >= 70.1 ? stringcolumn(7) : '') with labels center font ',10.2' tc rgb '#ffffff' notitle, \
	$data index 2 using 1:2:(abs($7) >= 70.1 ? stringcolumn(7) : '') with labels center font ',10.2' tc rgb '#000000' notitle, \
	$data index 3 using 1:2:(stringcolumn(7)) with labels center offset 0,0.6 font ',10.2' notitle
unset output
