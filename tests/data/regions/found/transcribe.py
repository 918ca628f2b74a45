"""Hand transcription of the found forms (tests/data/regions/found/raw) into the tidy table.

Each row: (level1, level2, level3, period_value, annual_value, actual_value, anchor); the line is
the first raw line containing ``anchor`` (default: level3) at or after the previous row's line.
"""
import csv, pathlib
RAW = pathlib.Path("tests/data/regions/found/raw")
FORMS = [
 dict(form_id="f01", file="01_anhui-huoqiu-2022.txt", kind="project", project_name="科技特派员创业行动经费",
      department="霍邱县科学技术局", period_total="", annual_total="250000", goal_period="",
      goal_annual="发挥科技特派员创业带头人作用。", rows=[
  ("产出指标(50分)", "数量指标", "开展县域结对交流活动", "", "≥3次", "3", None),
  ("产出指标(50分)", "质量指标", "科技特派员创业能力提升", "", "创业能力提升", "达成预期指标", None),
  ("产出指标(50分)", "时效指标", "2022年底之前", "", "2022年底之前", "达成预期指标", "时效指标 2022年底之前"),
  ("产出指标(50分)", "成本指标", "科技特派员业务培训开展", "", "≥5万元", "5", None),
  ("效益指标(30分)", "经济效益指标", "带动农民增收", "", "农民增收", "达成预期指标", None),
  ("效益指标(30分)", "社会效益指标", "巩固拓展脱贫攻坚成果", "", "巩固拓展脱贫攻坚成果", "达成预期指标", None),
  ("效益指标(30分)", "可持续影响指标", "科技特派员创业行动能力持续提升", "", "能力持续提升", "达成预期指标", None),
  ("满意度指标(10分)", "满意度指标", "群众创业热情高涨", "", "创业热情高涨", "达成预期指标", None),
 ]),
 dict(form_id="f02", file="02_shanghai-putuo-2022.txt", kind="project", project_name="普陀体育中心与委托运营方结算费用",
      department="上海市普陀区体育局", period_total="", annual_total="250000", goal_period="", goal_annual="", rows=[
  ("产出指标", "数量指标", "与委托运营方结算完成率", "", "=100%", "100%", "与委托运营方结算完成"),
  ("产出指标", "质量指标", "合同结算条款完成率", "", "=100%", "100%", None),
  ("产出指标", "时效指标", "费用结算及时性", "", "及时", "及时", None),
  ("效益指标", "社会效益指标", "与委托运营方合同完成率", "", "=100%", "100%", "与委托运营方合同完成"),
  ("满意度指标", "服务对象满意度指标", "场馆开放满意度", "", ">=90%", "100%", None),
 ]),
 dict(form_id="f03", file="03_chongqing-zhongxian-2022.txt", kind="project", project_name="生猪(牛羊)调出大县奖励资金",
      department="忠县农业农村委员会", period_total="", annual_total="3970000", goal_period="",
      goal_annual="到2022年底,生猪生产稳定有序发展,能繁母猪保有量、规模养殖场保有量完成市政府既定目标,推进畜牧业高质量发展。", rows=[
  ("产出指标", "数量指标", "猪肉产量稳定率", "", "≥95%", "", None),
  ("产出指标", "数量指标", "能繁母猪稳定率", "", "90%", "", None),
 ]),
 dict(form_id="f04", file="04_gansu-jiayuguan-2023.txt", kind="project", project_name="博物馆纪念馆市级免费开放补助资金",
      department="嘉峪关市文化和旅游局", period_total="", annual_total="200000", goal_period="",
      goal_annual="进一步提高博物馆纪念馆运行效率和免费开放服务水平", rows=[
  ("产出指标", "数量指标", "免费开放天数", "", "=300天", "", None),
  ("产出指标", "质量指标", "博物馆绩效考核指标完成率", "", "=100百分比", "", None),
  ("产出指标", "时效指标", "各项工作完成及时率%", "", "=99百分比", "", None),
  ("成本指标", "经济成本指标", "资金使用效率", "", "二100百分比", "", None),
  ("成本指标", "社会成本指标", "对当地文物保护、文化传承影响", "", "长远", "", None),
  ("成本指标", "生态环境成本指标", "提升博物馆绿化水平", "", "提升", "", None),
  ("效益指标", "经济效益指标", "为当地提供就业LJUI,冈位", "", "增加岗位", "", None),
  ("效益指标", "社会效益指标", "免费开放接待观众人数", "", "=30000人次", "", None),
  ("效益指标", "生态效益指标", "历史文化传承环保意识", "", "时限长远", "", None),
  ("满意度指标", "服务对象满意度", "服务对象满意度%", "", "=99百分比", "", None),
 ]),
 dict(form_id="f05", file="05_anhui-huaibei-2025.txt", kind="project", project_name="农村文化建设配套补助经费",
      department="淮北市文化旅游体育局", period_total="", annual_total="50000", goal_period="",
      goal_annual="文化惠民工程,主要用于送戏进万村,按照明年的任务70个行政村,每村4400元,市级需配套704元/村。", rows=[
  ("产出指标", "数量指标", "开展送戏进万村", "", "≥70村", "", None),
  ("产出指标", "质量指标", "送戏进万村活动完成率", "", "≥95%", "", None),
  ("产出指标", "时效指标", "项目完成时限", "", "2025年12月", "", None),
  ("产出指标", "成本指标", "项目金额", "", "5万元", "", None),
  ("效益指标", "经济效益指标", "项目实施是否产生经济价值", "", "否", "", None),
  ("效益指标", "社会效益指标", "保障人民群众基本文化权益", "", "影响程度明显", "", None),
  ("效益指标", "生态效益指标", "是否对当地生态环境造成影响", "", "否", "", None),
  ("效益指标", "可持续影响指标", "对满足人民群众日益提高的文化需求的可持续影响", "", "长期", "", None),
  ("满意度指标", "满意度指标", "项目受益人满意程度", "", "≥90%", "", None),
 ]),
 dict(form_id="f06", file="06_anhui-xuancheng-police-2021.txt", kind="project", project_name="禁毒经费",
      department="宣城市公安局", period_total="", annual_total="1000000", goal_period="",
      goal_annual="支持公安机关开展禁毒业务工作,补助必须的办案、业务、装备等开支,有效的打击毒品犯罪,遏制毒品蔓延、毒品渗透、毒品制贩和毒品流入非法渠道,进一步巩固禁种铲毒工作成果,进一步增强全民禁毒意识", rows=[
  ("(50分)", "数量指标", "指标1:禁毒舞台剧宣传的场次", "", "≥1场", "1场", None),
  ("(50分)", "数量指标", "指标2:毛发检查试剂数量", "", "≥2400份", "3200份", None),
  ("(50分)", "质量指标", "指标1:经费支出合规性", "", "严格执行相关财经法规制度", "严格执行相关财经法", None),
 ]),
 dict(form_id="f07", file="07_anhui-huangshan-police-2025.txt", kind="project", project_name="黄山市雪亮工程市本级机房租赁2024至2027服务采购项目",
      department="黄山市公安局", period_total="", annual_total="1681680", goal_period="",
      goal_annual="保障雪亮工程机房租赁延续,保障机房内所有设备设施运转,保障雪亮工程持续发挥积极作用", rows=[
  ("产出指标", "数量指标", "指标1:机柜数量", "", "≥77台", "", None),
  ("产出指标", "质量指标", "指标1:视频监控在线率", "", "≥0.97比例", "", None),
  ("产出指标", "时效指标", "指标1:维护及时性", "", "<24小时", "", None),
  ("产出指标", "成本指标", "指标1:维护成本", "", "<1681680元", "", None),
  ("效益指标", "经济效益指标", "指标1:为全市经济发展保驾护航", "", "正面支撑", "", None),
  ("效益指标", "社会效益指标", "指标1:服务保障民生", "", "有力保障", "", None),
  ("效益指标", "生态效益指标", "指标1:为生态环境保护提供支撑", "", "正面支撑", "", None),
  ("效益指标", "可持续影响指标", "指标1:持续保障社会发展", "", "持续保障", "", None),
  ("满意度指标", "服务对象满意度指标", "指标1:提升群众安全感", "", "≥90%", "", None),
 ]),
 dict(form_id="f08", file="08_sichuan-daying-market-2020.txt", kind="project", project_name="双心及文明城市创建专项资金",
      department="", period_total="", annual_total="100000", goal_period="", goal_annual="", rows=[
  ("项目决策", "数量指标", "宣传次数", "", "至少全年完成2次宣传", "已完成100%", None),
  ("项目决策", "质量指标", "创建质量", "", "按质按量完成", "已完成100%", None),
  ("项目决策", "时效指标", "全年", "", "1-12月", "已完成100%", None),
  ("项目决策", "成本指标", "成本", "", "10万元", "已完成100%", "| 成本\n"),
  ("项目效益", "社会效益指标", "提升全县消费者维权意识", "", "不断提升", "已完成100%", None),
  ("满意度指标", "满意度指标", "群众满意度", "", "90%", "已完成100%", None),
 ]),
 dict(form_id="f09", file="09_sichuan-daying-civil-2020.txt", kind="project", project_name="",
      department="大英县民政局", period_total="", annual_total="", goal_period="", goal_annual="", rows=[
  ("项目完成指标", "质量指标", "改善养老服务基础条件", "", "改善条件", "明显改善", None),
  ("项目完成指标", "时效指标", "2020年", "", "2020年", "2020年", None),
  ("项目完成指标", "成本指标", "100万", "", "100万", "100万", None),
  ("效益指标", "社会效益指标", "老年人日益增加的养老服务需求", "", "有所提升", "养老服务提升", None),
  ("满意度指标", "服务对象满意度指标", "养老服务对象对养老机构服务质量满意度", "", "≥90%", "98%", None),
 ]),
 dict(form_id="f10", file="10_fujian-ningde-talent-2023.txt", kind="project", project_name="人才驛站補助資金",
      department="", period_total="", annual_total="100000", goal_period="", goal_annual="", rows=[
  ("產出目標", "數量目標", "當年獲得寧德市級以上確認的人才驛站數量", "", ">=2個", "0個", None),
  ("產出目標", "數量目標", "當年人才驛站組織活動數量", "", ">=28次", "40次", None),
  ("產出目標", "數量目標", "每年人才驛站服務人次", "", ">=500人", "1700人", None),
  ("產出目標", "質量目標", "各類人才對我市人才政策的知曉率", "", ">=95%", "98%", None),
  ("產出目標", "質量目標", "人才驛站補助資金到位率", "", ">=100%", "100%", None),
  ("產出目標", "時效目標", "人才驛站補助資金到位時間", "", "2023年12月前", "2023年12月前", "(1)時效目標"),
  ("產出目標", "成本目標", "項目資金投入", "", "10萬元", "0萬元", None),
 ]),
 dict(form_id="f11", file="11_guangdong-province-edu-2021.txt", kind="project", project_name="教育发展专项资金(支持粤东粤西粤北地区新建高校)",
      department="广东省教育厅", period_total="773000000", annual_total="", goal_period="",
      goal_annual="2021年,推动广东汕头幼儿师范高等专科学校(筹)、广东梅州职业技术学院(筹)、广东潮州卫生健康职业学院(筹)、广东云浮中医药职业学院(筹)、华南师范大学汕尾校区、广东工业大学揭阳校区、广东海洋大学阳江校区正式招生。", rows=[
  ("", "", "新建高校(校区)", "7", "7", "", "三级指标"),
  ("", "", "工程质量达标率(%)", "100%", "100%", "", "三级指标"),
  ("", "", "开工率(%)", "100%", "100%", "", "开工率"),
 ]),
]
COLS = ["form_id","kind","project_name","department","period_total","annual_total","goal_period","goal_annual",
        "level1","level2","level3","period_value","annual_value","line","actual_value"]
with open("tests/data/regions/found/forms.csv", "w", encoding="utf-8", newline="") as fh:
    w = csv.writer(fh); w.writerow(COLS)
    for f in FORMS:
        text = (RAW / f["file"]).read_text(encoding="utf-8")
        lines = text.split("\n")
        pos = 0
        for l1, l2, l3, pv, av, act, anchor in f["rows"]:
            key = anchor or l3
            if "\n" in key:  # anchor spanning a line end: match the line that ends with it
                key = key.rstrip("\n")
                hit = next(i for i in range(pos, len(lines)) if lines[i].strip() == key.strip())
            else:
                hit = next(i for i in range(pos, len(lines)) if key in lines[i])
            pos = hit
            w.writerow([f["form_id"], f["kind"], f["project_name"], f["department"], f["period_total"],
                        f["annual_total"], f["goal_period"], f["goal_annual"], l1, l2, l3, pv, av, hit + 1, act])
print("ok")
