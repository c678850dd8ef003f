package claim_test

// benchCase is a source and a draft written from it, with every claim the draft makes labelled:
// what the claim check should say about it. Labels name a claim by a part of its text that no other
// claim of the draft contains.
type benchCase struct {
	genre, name, source, draft string
	labels                     []label
}

type label struct{ claim, category string }

// Categories of a labelled claim. The first three are backed by the source and must not be
// flagged; the rest are not and must be.
const (
	catVerbatim = "verbatim" // as the source says it
	catReworded = "reworded" // the source's figure or quote, spelled or phrased another way
	catDated    = "date/study"
	catInvented = "invented" // nowhere in the source
	catMoved    = "moved"    // in the source, but about something else
	catFlipped  = "flipped"  // in the source, but going the other way
)

func backed(category string) bool {
	return category == catVerbatim || category == catReworded || category == catDated
}

// benchCases are news stories, studies, interviews and reports with drafts written from them.
var benchCases = []benchCase{
	{"news", "quarterly results",
		`Acme Corp reported on Tuesday that quarterly revenue rose 7% to $412 million, beating forecasts. ` +
			`Operating costs fell 3% as the company closed two warehouses. The firm now employs 2,300 people ` +
			`across 14 countries. "We grew faster than the market in every region," chief executive Lena Park said.`,
		`Acme's revenue fell 7% last quarter, to $412 million. It employs 2,300 people in 14 countries. ` +
			`"We grew faster than the market in every region," Park said. Costs dropped 3%.`,
		[]label{{"7%", catFlipped}, {"$412 million", catVerbatim}, {"2,300", catVerbatim}, {"14", catVerbatim},
			{"We grew", catVerbatim}, {"3%", catVerbatim}}},
	{"news", "layoffs and hiring",
		`Northwind Traders will cut 450 jobs in its logistics arm, the company said on Monday. At the same time ` +
			`it plans to hire 120 engineers for its software unit in Berlin.`,
		`Northwind is cutting 120 jobs in logistics and hiring 450 engineers for its software unit.`,
		[]label{{"120", catMoved}, {"450", catMoved}}},
	{"news", "car sales",
		`New car registrations in the region dropped 17 percent in May compared with a year earlier. ` +
			`Electric models were the exception: their sales jumped 42 percent over the same period.`,
		`Car registrations plunged 17% in May, while electric models saw sales jump 42%.`,
		[]label{{"17%", catReworded}, {"42%", catReworded}}},
	{"news", "central bank",
		`The central bank raised its key rate by 0.25 percentage points to 4.5%, its ninth increase in a row. ` +
			`Inflation slowed to 3.1% in October from 3.7% in September.`,
		`The bank raised rates by 0.25 percentage points to 4.5%. Inflation rose to 3.1% in October, up from 3.7%. ` +
			`Economists expect 2.4% by spring.`,
		[]label{{"0.25", catVerbatim}, {"4.5%", catVerbatim}, {"3.1%", catFlipped}, {"3.7%", catVerbatim},
			{"2.4%", catInvented}}},
	{"news", "funding round",
		`Ledgerly, a start-up that automates bank reconciliation, has raised $1.2 billion in a round led by ` +
			`Sequoia. The company, founded in 2019, says it serves 3,400 mid-market finance teams.`,
		`Ledgerly raised $1.2bn to automate reconciliation. It serves 3,400 mid-market finance teams and ` +
			`processes 90 million transactions a month.`,
		[]label{{"$1.2bn", catReworded}, {"3,400", catVerbatim}, {"90 million", catInvented}}},
	{"news", "airport traffic",
		`Passenger numbers at the airport grew 12% to 28 million last year. Cargo volumes, however, shrank 8% ` +
			`as freight moved to rail. The airport handled 190,000 flights.`,
		`Passenger numbers grew 12% to 28 million. Cargo volumes rose 8%. The airport handled 190,000 flights.`,
		[]label{{"12%", catVerbatim}, {"28 million", catVerbatim}, {"8%", catFlipped}, {"190,000", catVerbatim}}},
	{"news", "housing",
		`Home prices in the capital fell 4.2% over the year, the steepest drop since 2012. Rents, by contrast, ` +
			`climbed 6.1%, pushed up by a shortage of 35,000 homes.`,
		`Rents in the capital fell 6.1% this year, while home prices increased 4.2%. The city lacks 35,000 homes.`,
		[]label{{"6.1%", catFlipped}, {"4.2%", catFlipped}, {"35,000", catVerbatim}}},
	{"news", "energy prices",
		"Wholesale power prices rose 31 per cent in the first half. Households on fixed tariffs saw bills " +
			"unchanged, while those on variable deals paid \u00a3340 more a year on average.",
		`Wholesale power prices rose 31% in the first half; households on variable deals paid £340 more a year ` +
			`and 11% of them switched supplier.`,
		[]label{{"31%", catReworded}, {"£340", catVerbatim}, {"11%", catInvented}}},
	{"study", "close survey",
		`Our survey of 412 finance leaders found that 61% want to close the books faster. The median close ` +
			`takes nine days. Teams that automated reconciliation closed in 4.5 days on average.`,
		`In a survey of 412 finance leaders, 61% said they want a faster close. The median close takes 9 days; ` +
			`automated teams close in 4.5 days.`,
		[]label{{"412", catVerbatim}, {"61%", catReworded}, {"9 days", catReworded}, {"4.5 days", catVerbatim}}},
	{"study", "close survey moved",
		`Our survey of 412 finance leaders found that 61% want to close the books faster.` + "\n\n" +
			`Separately, 23% of the companies we audited had restated earnings at least once since 2015. ` +
			`Audit fees averaged $180,000.`,
		`61% of companies we audited had restated earnings. Audit fees averaged $180,000, and 412 auditors took part.`,
		[]label{{"61%", catMoved}, {"$180,000", catVerbatim}, {"412", catMoved}}},
	{"study", "remote work",
		`Across 1,800 employees, remote workers reported 13% higher productivity scores. Attrition among ` +
			`remote staff was 50% lower than among office staff.`,
		`Remote workers reported 13% lower productivity scores, and their attrition was 50% lower than ` +
			`in the office. The study covered 1,800 employees.`,
		[]label{{"13%", catFlipped}, {"50%", catVerbatim}, {"1,800", catVerbatim}}},
	{"study", "clinical trial",
		`In the trial, 240 patients received the drug and 236 a placebo. Symptoms improved in 58% of the drug ` +
			`group against 31% of the placebo group. Side effects were reported by 12% of patients.`,
		`Symptoms improved in 58% of patients on the drug and in 31% on placebo. Of the 240 patients on the drug, ` +
			`12% reported side effects. Symptoms improved in 31% of the drug group.`,
		[]label{{"58%", catVerbatim}, {"31%", catVerbatim}, {"240", catVerbatim}, {"12%", catVerbatim},
			{"31% of the drug", catMoved}}},
	{"study", "payment delays",
		`Invoices from small suppliers were paid after 47 days on average, up from 39 days two years earlier. ` +
			`Large suppliers waited 28 days. "Late payment is a tax on the smallest firms," the authors write.`,
		`Small suppliers now wait 47 days to be paid, down from 39 days. Large suppliers wait 28 days. ` +
			`"Late payment is a tax on the smallest firms," the authors write.`,
		[]label{{"47 days", catVerbatim}, {"39 days", catFlipped}, {"28 days", catVerbatim}, {"Late payment", catVerbatim}}},
	{"study", "number words",
		`Three in four CFOs say forecasting is their hardest task. Half of the respondents use more than seven ` +
			`spreadsheets for the close, and a dozen firms had moved to a planning tool.`,
		`75% of CFOs call forecasting their hardest task; 50% of the respondents use spreadsheets and 12 firms ` +
			`moved to a planning tool.`,
		[]label{{"75%", catReworded}, {"50%", catReworded}, {"12", catReworded}}},
	{"study", "scales and spellings",
		"The market for finance software reached $1.2 trillion in 2025 and \u20ac4 mln went to pilots. " +
			"Re\u00adsearch showed 87 per cent of buyers compare three vendors; 1.200 hours were saved.",
		`A $1.2T market; €4 million went to pilots. 87pc of buyers compare vendors, and 1,200 hours were saved.`,
		[]label{{"$1.2T", catReworded}, {"€4 million", catReworded}, {"87pc", catReworded}, {"1,200 hours", catReworded}}},
	{"study", "benchmarks",
		`Top-quartile teams close in 5 days and spend 30 hours a month on reconciliation. Bottom-quartile ` +
			`teams need 14 days and 120 hours.`,
		`Top-quartile teams close in 14 days, bottom-quartile teams spend 30 hours on reconciliation, and the ` +
			`median team needs 9 days.`,
		[]label{{"14 days", catMoved}, {"30 hours", catMoved}, {"9 days", catInvented}}},
	{"interview", "controller interview",
		`"We used to lose a week every month to the close," says Maria Lopez, controller at Contoso. ` +
			`"Now we are done in three days, and nobody stays late anymore." Her team of 12 handles 40 entities.`,
		`"We used to lose a week every month to the close … now we are done in three days," says Maria Lopez. ` +
			`Her team of 12 handles 40 entities.`,
		[]label{{"We used to", catReworded}, {"12", catVerbatim}, {"40", catVerbatim}}},
	{"interview", "invented quote",
		`"Automation gave us our evenings back," said Tom Reyes, CFO of Fabrikam. The company cut its close ` +
			`from 10 days to 6.`,
		`"Automation gave us our evenings back," said Tom Reyes. "We will never go back to spreadsheets," he added. ` +
			`Fabrikam cut its close from 10 days to 6.`,
		[]label{{"evenings", catVerbatim}, {"never go back", catInvented}, {"10 days", catVerbatim}}},
	{"interview", "single quotes",
		"\u2018We closed the books in five days for the first time,\u2019 said Ana Silva. Her team grew to 18 people.",
		"\u2018We closed the books in five days for the first time,\u2019 Silva said. " +
			"\u2018We lose a week every quarter,\u2019 said a CFO. Her team shrank to 18 people.",
		[]label{{"We closed", catVerbatim}, {"We lose a week", catInvented}, {"18", catFlipped}}},
	{"interview", "founder",
		`The founder, who started the company with 3 colleagues, now leads 85 people. "We doubled revenue ` +
			`every year since launch," she said. Customers number 1,100.`,
		`She now leads 85 people and 1,100 customers. "We doubled revenue every year since launch," she said, ` +
			`adding that 40% of revenue comes from Europe.`,
		[]label{{"85", catVerbatim}, {"1,100", catVerbatim}, {"We doubled", catVerbatim}, {"40%", catInvented}}},
	{"interview", "bracketed ellipsis",
		`"The hardest part was not the software. It was convincing 30 people to change how they had worked ` +
			`for 15 years," the COO said.`,
		`"The hardest part was not the software […] it was convincing 30 people to change," the COO said. ` +
			`They had worked that way for 15 years.`,
		[]label{{"hardest part", catReworded}, {"15 years", catVerbatim}}},
	{"interview", "moved across answers",
		`Q: How big is the team? A: We are 25 engineers and 6 designers.` + "\n\n" +
			`Q: How fast do you ship? A: We release every 14 days and fix critical bugs within 48 hours.`,
		`The team of 14 engineers releases every 25 days and fixes critical bugs within 48 hours.`,
		[]label{{"14", catMoved}, {"25 days", catMoved}, {"48 hours", catVerbatim}}},
	{"report", "annual report",
		`Net sales increased 9.4% to €3.2 billion. Gross margin declined to 41.5% from 43.0%. ` +
			`Free cash flow was €410 million. The board proposes a dividend of €1.10 per share.`,
		`Net sales decreased 9.4% to €3.2 billion. Gross margin fell to 41.5% from 43.0%. Free cash flow was ` +
			`€410 million and the dividend €1.10 per share.`,
		[]label{{"9.4%", catFlipped}, {"€3.2 billion", catVerbatim}, {"41.5%", catVerbatim}, {"43.0%", catVerbatim},
			{"€410 million", catVerbatim}, {"€1.10", catVerbatim}}},
	{"report", "operations table",
		"Days to close: 9\nInvoices processed per month: 14,500\nAutomation rate: 38%\nHeadcount: 22\n",
		`It takes 9 days to close, 14,500 invoices are processed per month with an automation rate of 38%, and ` +
			`headcount is 22 people. Errors fell to 40 a month.`,
		[]label{{"9 days", catReworded}, {"14,500", catVerbatim}, {"38%", catVerbatim}, {"22", catVerbatim},
			{"40", catInvented}}},
	{"report", "steps are not days",
		`The new onboarding flow takes 9 steps. See page 12 for details.`,
		`Onboarding takes 9 days and 12 hours.`,
		[]label{{"9 days", catMoved}, {"12 hours", catMoved}}},
	{"report", "dates are not figures",
		`The report was published on March 12, 2019. It covers 240 companies.`,
		`Companies need 12 days to close; the report covers 240 companies.`,
		[]label{{"12 days", catMoved}, {"240", catVerbatim}}},
	{"report", "sustainability",
		`Emissions from our own operations decreased 18% compared with 2020. Emissions from purchased goods ` +
			`rose 5%. Renewable electricity now covers 64% of our sites.`,
		`Our operational emissions rose 18% since 2020, purchased-goods emissions rose 5%, and renewable ` +
			`electricity covers 64% of our sites.`,
		[]label{{"18%", catFlipped}, {"5%", catVerbatim}, {"64%", catVerbatim}, {"2020", catDated}}},
	{"report", "market share",
		`Our market share grew to 23% in the region. Competitor B lost share and now holds 17%. ` +
			`The region accounts for 40% of group revenue.` + "\n\n" +
			`In the rest of the world, retention stayed at 91%.`,
		`Our market share is 17% in the region, retention is 91% worldwide, and the region brings 40% of ` +
			`revenue.`,
		[]label{{"17%", catMoved}, {"91%", catVerbatim}, {"40%", catVerbatim}}},
	{"report", "headcount moved",
		`The finance function has 48 people. The company has 1,250 employees in total.` + "\n\n" +
			`Our customer base grew to 9,800 accounts.`,
		`The finance function has 1,250 people serving 9,800 accounts.`,
		[]label{{"1,250", catMoved}, {"9,800", catVerbatim}}},
	{"report", "budget",
		`IT spending will increase by $2.5M next year, mostly on cloud licences. Travel budgets shrink by $0.4M.`,
		`IT spending will drop by $2.5M next year; travel budgets shrink by $0.4M and training gets $1.1M.`,
		[]label{{"$2.5M", catFlipped}, {"$0.4M", catVerbatim}, {"$1.1M", catInvented}}},
	{"news", "German source",
		`Der Umsatz stieg um sieben Prozent auf 12 Millionen Euro. Das Unternehmen beschäftigt fünfundzwanzig ` +
			`Mitarbeiter.`,
		`Der Umsatz stieg um 7% auf 12 Millionen Euro; das Unternehmen beschäftigt 25 Mitarbeiter.`,
		[]label{{"7%", catReworded}, {"12", catReworded}, {"25", catReworded}}},
	{"news", "study named",
		`According to Gartner, 45% of finance leaders plan to cut spreadsheet use by 2027. ` +
			`A McKinsey survey found 62% of CFOs expect AI to change planning.`,
		`According to Gartner, 45% of finance leaders will cut spreadsheet use. A Deloitte survey found 62% of ` +
			`CFOs expect AI to change planning.`,
		[]label{{"Gartner", catDated}, {"45%", catVerbatim}, {"Deloitte", catInvented}, {"62%", catVerbatim}}},
	{"study", "moved within paragraph",
		`Among retailers, 34% reported stock-outs weekly. Manufacturers fared better. ` +
			`Logistics firms reported the most delays, 58% of them monthly. ` +
			`Healthcare providers, at 12%, had the fewest complaints.`,
		`58% of retailers report weekly stock-outs, and 34% of healthcare providers complain.`,
		[]label{{"58%", catMoved}, {"34%", catMoved}}},
}
