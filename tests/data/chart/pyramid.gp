# lbc-chart: pyramid chart, 6 rows by 2 columns (totals left out)
# Every label is a single-quoted string, which gnuplot takes literally.
set encoding utf8
set terminal pngcairo size 1000,600 font 'Noto Sans CJK SC,12' background rgb 'white' noenhanced
set termoption noenhanced
set output 'out.png'
set title '留守儿童人数：'.'年龄'."\n".'数据日期未注明' font ',15.6'
set border 3 lc rgb '#404040'
set tics nomirror out
set key outside below center horizontal noautotitle
set style fill solid 1.0
set grid xtics lc rgb '#d9d9d9' back
set xlabel '人数'
set ylabel '年龄'
set xrange [-1640:1640]
set yrange [-0.6:5.6]
set xtics out nomirror ('1500' -1500, '1000' -1000, '500' -500, '0' 0, '500' 500, '1000' 1000, '1500' 1500)
set ytics scale 0 nomirror ( \
	'0-2岁' 0, \
	'3-5岁' 1, \
	'6-8岁' 2, \
	'9-11岁' 3, \
	'12-13岁' 4, \
	'14-15岁' 5)
# $data: block 0 the left column, block 1 the right, one line per row:
# label x, label y, box x from, to, y from, to, count
$data << EOD
-412	0	-412	0	-0.4000	0.4000	412
-866	1	-866	0	0.6000	1.4000	866
-1204	2	-1204	0	1.6000	2.4000	1204
-1310	3	-1310	0	2.6000	3.4000	1310
-702	4	-702	0	3.6000	4.4000	702
-241	5	-241	0	4.6000	5.4000	241


380	0	0	380	-0.4000	0.4000	380
801	1	0	801	0.6000	1.4000	801
1122	2	0	1122	1.6000	2.4000	1122
1198	3	0	1198	2.6000	3.4000	1198
655	4	0	655	3.6000	4.4000	655
217	5	0	217	4.6000	5.4000	217
EOD
plot $data index 0 using 1:2:3:4:5:6 with boxxyerror fillstyle solid 1.0 border lc rgb '#404040' lc rgb '#0072b2' title '男', \
	$data index 1 using 1:2:3:4:5:6 with boxxyerror fillstyle solid 1.0 border lc rgb '#404040' lc rgb '#e69f00' title '女', \
	$data index 0 using 1:2:(stringcolumn(7)) with labels right offset -0.4,0 font ',10.2' notitle, \
	$data index 1 using 1:2:(stringcolumn(7)) with labels left offset 0.4,0 font ',10.2' notitle
unset output
