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
    const res = await call("/api/v1/imports?timezone=America/Chicago", {
      method: "POST",
      headers: { authorization: `Bearer ${env.ADMIN_API_TOKEN}` },
      body: form,
    });
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
});
