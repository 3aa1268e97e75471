# lbc-chart: pie chart, 4 rows by 1 column (totals left out)
# Every label is a single-quoted string, which gnuplot takes literally.
set encoding utf8
set terminal pngcairo size 1000,600 font 'Noto Sans CJK SC,12' background rgb 'white' noenhanced
set termoption noenhanced
set output 'out.png'
set title '留守儿童人数：'.'监护类型'."\n".'数据日期未注明' font ',15.6'
unset border
unset tics
unset grid
set size ratio -1
set xrange [-1.1:1.1]
set yrange [-1.1:1.1]
set key outside right center vertical Left reverse width 1 noautotitle
# $data: one line per row of the table, clockwise from the top:
# x, y, radius, angle from, to, colour, count, label x, label y, percent
$data << EOD
0	0	1	-231.5020	90.0000	4456788	8134	0.2242	-0.6420	89.3%
0	0	1	-243.3992	-231.5020	3497869	301	-0.3659	0.5732	3.3%
0	0	1	-255.6522	-243.3992	2271364	310	-0.2379	0.6370	3.4%
0	0	1	-270.0000	-255.6522	12443430	363	-0.0849	0.6747	4.0%
EOD
plot $data using 1:2:3:4:5:6 with circles lc rgb variable fillstyle solid 1.0 border lc rgb 'white' notitle, \
	$data every ::0::0 using 8:9:(stringcolumn(10)) with labels center font ',10.2' tc rgb '#ffffff' notitle, \
	keyentry with boxes fillstyle solid 1.0 lc rgb '#440154' title '(外)祖父母监护'.'  8134 (89.3%)', \
	keyentry with boxes fillstyle solid 1.0 lc rgb '#355f8d' title '亲友监护'.'  301 (3.3%)', \
	keyentry with boxes fillstyle solid 1.0 lc rgb '#22a884' title '父或母无监护能力'.'  310 (3.4%)', \
	keyentry with boxes fillstyle solid 1.0 lc rgb '#bddf26' title '无人监护'.'  363 (4.0%)'
unset output
