import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import worker from "../../workers/cloudflare";

async function call(path: string, init: RequestInit = {}) {
  const ctx = createExecutionContext();
  const request = new Request(`http://doorstep.test${path}`, init) as Request<unknown, IncomingRequestCfProperties>;
  const response = await worker.fetch(request, env, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

const ONE_ROSTER = {
  "orgs.csv":
    "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\nd1,active,,Workers District,district,WD,\nsw,active,,Workers Elementary,school,WE,d1\n",
  "users.csv":
    'sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password,metadata.language,metadata.channel\nt1,active,,true,sw,teacher,,,Ana,Lee,,,ana@we.example.org,,,,,,,\ns1,active,,true,sw,student,,,Bo,Lee,,,,,,"p1",03,,,\np1,active,,true,sw,parent,,,Cy,Lee,,,,3125550100,,,,,es,sms\ns2,active,,true,sw,student,,,Di,Lee,,,,,,,07,,,\n',
  "classes.csv":
    "sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,classType,location,schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods\nc1,active,,Grade 3,03,,3A,homeroom,,sw,,,,\n",
  "enrollments.csv":
    "sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate\ne1,active,,c1,sw,t1,teacher,true,,\ne2,active,,c1,sw,s1,student,false,,\n",
};

describe("roster import in workerd", () => {
  it("a new deployment: reads a OneRoster zip with the streaming inflate and CSV parser, and lists the row it cannot import", async () => {
    const zip = zipSync(Object.fromEntries(Object.entries(ONE_ROSTER).map(([name, text]) => [name, strToU8(text)])));
    const form = new FormData();
    form.append("files", new File([zip], "oneroster.zip"));
    const post = (query: string) =>
      call(`/api/v1/imports?timezone=America/Chicago${query}`, {
        method: "POST",
        headers: { authorization: `Bearer ${env.ADMIN_API_TOKEN}` },
        body: form,
      });
    const res = await post("");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      committed: false,
      notImported: 1,
      districtCreated: { name: "Workers District", timezone: "America/Chicago" },
      students: {
        created: 1,
        errors: [
          {
            file: "users.csv",
            line: 5,
            message: "s2: agentSourcedIds is empty: a family needs a guardian Doorstep can reach",
          },
        ],
      },
    });
  });

  it("commits a roster bigger than D1's 100 bound parameters a statement, in multi-row inserts", async () => {
    const users = [
      ONE_ROSTER["users.csv"].split("\n")[0]!,
      "t1,active,,true,sw,teacher,,,Ana,Lee,,,ana@we.example.org,,,,,,,",
    ];
    const enrollments = [ONE_ROSTER["enrollments.csv"].split("\n")[0]!, "e1,active,,c1,sw,t1,teacher,true,,"];
    for (let i = 0; i < 60; i++) {
      const phone = `+1312555${String(1000 + i)}`;
      users.push(`s${i},active,,true,sw,student,,,Kid${i},Fam${i},,,,,,"p${i}",03,,,`);
      users.push(`p${i},active,,true,sw,parent,,,Parent${i},Fam${i},,,,${phone},,,,,es,sms`);
      enrollments.push(`e${i}x,active,,c1,sw,s${i},student,false,,`);
    }
    const files = { ...ONE_ROSTER, "users.csv": users.join("\n"), "enrollments.csv": enrollments.join("\n") };
    const form = new FormData();
    for (const [name, text] of Object.entries(files)) form.append("files", new File([text], name));
    const res = await call("/api/v1/imports?timezone=America/Chicago&commit=true", {
      method: "POST",
      headers: { authorization: `Bearer ${env.ADMIN_API_TOKEN}` },
      body: form,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      committed: true,
      notImported: 0,
      students: { created: 60 },
      contacts: { created: 60 },
      families: { created: 60 },
    });
    const count = await env.DB.prepare("select count(*) as n from student_educators").first<{ n: number }>();
    expect(count?.n).toBe(60);
  });
});
