# lbc-chart: heatmap chart, 6 rows by 6 columns (totals left out)
# Every label is a single-quoted string, which gnuplot takes literally.
set encoding utf8
set terminal pngcairo size 1000,600 font 'Noto Sans CJK SC,12' background rgb 'white' noenhanced
set termoption noenhanced
set output 'out.png'
set title '留守儿童人数：'.'区划'."\n".'数据日期未注明' font ',15.6'
set border 0
unset grid
set key off
set palette defined (0 '#440154', 1 '#3b528b', 2 '#21918c', 3 '#5ec962', 4 '#fde725')
set cbrange [0:640]
set cblabel '人数' offset 2.3,0
set ylabel '区划'
set xrange [-0.5:5.5]
set yrange [-0.5:5.5]
set format cb '%.0f'
set cbtics 100
set xtics scale 0 nomirror ( \
	'学业失教' 0, \
	'生活失助' 1, \
	'亲情失落' 2, \
	'心理失衡' 3, \
	'安全失保' 4, \
	'无' 5)
set ytics scale 0 nomirror ( \
	'云岩区' 5, \
	'南明区' 4, \
	'花溪区' 3, \
	'乌当区' 2, \
	'白云区' 1, \
	'开阳县' 0)
# $data: one line per cell: x (column), y (row, first on top), count
$data << EOD
0	5	280
1	5	210
2	5	610
3	5	170
4	5	102
5	5	452
0	4	251
1	4	190
2	4	522
3	4	150
4	4	99
5	4	377
0	3	230
1	3	170
2	3	430
3	3	160
4	3	120
5	3	300
0	2	150
1	2	120
2	2	351
3	2	101
4	2	70
5	2	240
0	1	141
1	1	112
2	1	300
3	1	99
4	1	65
5	1	221
0	0	330
1	0	281
2	0	640
3	0	220
4	0	150
5	0	402
EOD
plot $data using 1:2:($1-0.5):($1+0.5):($2-0.5):($2+0.5):3 with boxxyerror fillstyle solid 1.0 border lc rgb 'white' lc palette notitle, \
	$data using 1:2:($3 < 320 ? stringcolumn(3) : '') with labels center font ',10.2' tc rgb '#ffffff' notitle, \
	$data using 1:2:($3 >= 320 ? stringcolumn(3) : '') with labels center font ',10.2' tc rgb '#000000' notitle
unset output
