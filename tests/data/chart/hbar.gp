# lbc-chart: hbar chart, 10 rows by 1 column (totals left out)
# Every label is a single-quoted string, which gnuplot takes literally.
set encoding utf8
set terminal pdfcairo size 13.89in,8.33in font 'Noto Sans CJK SC,12' fontscale 1 linewidth 2 background rgb 'white' noenhanced
set termoption noenhanced
set output 'out.pdf'
set title '留守儿童人数：'.'区划'."\n".'数据日期未注明' font ',15.6'
set border 3 lc rgb '#404040'
set tics nomirror out
set key off
set style fill solid 1.0
set grid xtics lc rgb '#d9d9d9' back
set xlabel '人数'
set ylabel '区划'
set xrange [0:1520]
set yrange [-0.6:9.6]
set format x '%.0f'
set xtics 200
set ytics scale 0 nomirror ( \
	'云岩区' 9, \
	'南明区' 8, \
	'花溪区' 7, \
	'乌当区' 6, \
	'白云区' 5, \
	'观山湖区' 4, \
	'开阳县' 3, \
	'息烽县' 2, \
	'修文县' 1, \
	'清镇市' 0)
# $data: one block per column of the table (index 0, 1, ...), one line per row:
# label x, label y, box x from, to, y from, to, count
$data << EOD
1284	9	0	1284	8.6500	9.3500	1284
1103	8	0	1103	7.6500	8.3500	1103
956	7	0	956	6.6500	7.3500	956
712	6	0	712	5.6500	6.3500	712
655	5	0	655	4.6500	5.3500	655
588	4	0	588	3.6500	4.3500	588
1321	3	0	1321	2.6500	3.3500	1321
874	2	0	874	1.6500	2.3500	874
902	1	0	902	0.6500	1.3500	902
713	0	0	713	-0.3500	0.3500	713
EOD
plot $data index 0 using 1:2:3:4:5:6 with boxxyerror fillstyle solid 1.0 border lc rgb '#404040' lc rgb '#0072b2' title '人数', \
	$data index 0 using 1:2:(stringcolumn(7)) with labels left offset 0.4,0 font ',10.2' notitle
unset output
