# lbc-chart: hbar chart, 8 rows by 1 column (totals left out)
# Every label is a single-quoted string, which gnuplot takes literally.
set encoding utf8
set terminal svg size 1000,600 font 'Noto Sans CJK SC,16' background rgb 'white' noenhanced
set termoption noenhanced
set output 'it'."'".'s '."\100".'a'."\n".'`b`.svg'
set title '留守儿童人数：'.'标签 '."'".'`'."\100".'$%'."\n".'数据日期未注明' font ',20.8'
set border 3 lc rgb '#404040'
set tics nomirror out
set key off
set style fill solid 1.0
set grid xtics lc rgb '#d9d9d9' back
set xlabel '人数'
set ylabel '标签 '."'".'`'."\100".'$%'
set xrange [0:92]
set yrange [-0.6:7.6]
set format x '%.0f'
set xtics 20
set ytics scale 0 nomirror ( \
	'it'."'".'s "quoted"' 7, \
	'back\slash\' 6, \
	"\100".'x $data %%d %%s %%%%' 5, \
	'第一行'."\n".'第二行' 4, \
	'{/Bold x}^2_3 &amp; <b>' 3, \
	"'".'; system("touch pwned"); '."'" 2, \
	'`touch pwned2`' 1, \
	'EOD' 0)
# $data: one block per column of the table (index 0, 1, ...), one line per row:
# label x, label y, box x from, to, y from, to, count
$data << EOD
10	7	0	10	6.6500	7.3500	10
20	6	0	20	5.6500	6.3500	20
30	5	0	30	4.6500	5.3500	30
40	4	0	40	3.6500	4.3500	40
50	3	0	50	2.6500	3.3500	50
60	2	0	60	1.6500	2.3500	60
70	1	0	70	0.6500	1.3500	70
80	0	0	80	-0.3500	0.3500	80
EOD
plot $data index 0 using 1:2:3:4:5:6 with boxxyerror fillstyle solid 1.0 border lc rgb '#404040' lc rgb '#0072b2' title '人数', \
	$data index 0 using 1:2:(stringcolumn(7)) with labels left offset 0.4,0 font ',13.6' notitle
unset output
