# lbc-chart: stacked chart, 4 rows by 4 columns (totals left out)
# Every label is a single-quoted string, which gnuplot takes literally.
set encoding utf8
set terminal pngcairo size 1000,711 font 'Noto Sans CJK SC,12' background rgb 'white' noenhanced
set termoption noenhanced
set title '留守儿童人数：'.'区划'.' × '."'".'; system("touch pwned4"); '."'"."\n".'数据日期未注明' font ',15.6'
set border 3 lc rgb '#404040'
set tics nomirror out
set key outside right top vertical Left reverse width 1 noautotitle title "'".'; system("touch pwned4"); '."'"
set style fill solid 1.0
set grid ytics lc rgb '#d9d9d9' back
set xlabel '区划'
set ylabel '人数'
set xrange [-0.6:3.6]
set yrange [0:61.6]
set format y '%.0f'
set ytics 10
set xtics rotate by 45 right scale 0 nomirror ( \
	'it'."'".'s "quoted"' 0, \
	'back\slash\' 1, \
	"\100".'x $data %%d %%s %%%%' 2, \
	'第一行'."\n".'第二行' 3)
# $data: one block per column of the table (index 0, 1, ...), one line per row:
# label x, label y, box x from, to, y from, to, count
$data << EOD
0	1	-0.3500	0.3500	0	2	2
1	2	0.6500	1.3500	0	4	4
2	3	1.6500	2.3500	0	6	6
3	4	2.6500	3.3500	0	8	8


0	3.5	-0.3500	0.3500	2	5	3
1	7	0.6500	1.3500	4	10	6
2	10.5	1.6500	2.3500	6	15	9
3	14	2.6500	3.3500	8	20	12


0	7	-0.3500	0.3500	5	9	4
1	14	0.6500	1.3500	10	18	8
2	21	1.6500	2.3500	15	27	12
3	28	2.6500	3.3500	20	36	16


0	11.5	-0.3500	0.3500	9	14	5
1	23	0.6500	1.3500	18	28	10
2	34.5	1.6500	2.3500	27	42	15
3	46	2.6500	3.3500	36	56	20


0	14	0.0000	0.0000	0	0	14
1	28	0.0000	0.0000	0	0	28
2	42	0.0000	0.0000	0	0	42
3	56	0.0000	0.0000	0	0	56
EOD
plot $data index 0 using 1:2:3:4:5:6 with boxxyerror fillstyle solid 1.0 border lc rgb '#404040' lc rgb '#440154' title '高'."'".'风险', \
	$data index 1 using 1:2:3:4:5:6 with boxxyerror fillstyle solid 1.0 border lc rgb '#404040' lc rgb '#355f8d' title '中"风险\', \
	$data index 2 using 1:2:3:4:5:6 with boxxyerror fillstyle solid 1.0 border lc rgb '#404040' lc rgb '#22a884' title '`touch pwned3`', \
	$data index 3 using 1:2:3:4:5:6 with boxxyerror fillstyle solid 1.0 border lc rgb '#404040' lc rgb '#bddf26' title "\100".'y%s', \
	$data index 0 using 1:2:(abs($7) >= 2.32 ? stringcolumn(7) : '') with labels center font ',10.2' tc rgb '#ffffff' notitle, \
	$data index 1 using 1:2:(abs($7) >= 2.32 ? stringcolumn(7) : '') with labels center font ',10.2' tc rgb '#ffffff' notitle, \
	$data index 2 using 1:2:(abs($7) >= 2.32 ? stringcolumn(7) : '') with labels center font ',10.2' tc rgb '#000000' notitle, \
	$data index 3 using 1:2:(abs($7) >= 2.32 ? stringcolumn(7) : '') with labels center font ',10.2' tc rgb '#000000' notitle, \
	$data index 4 using 1:2:(stringcolumn(7)) with labels center offset 0,0.6 font ',10.2' notitle
