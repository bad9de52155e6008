async def test_member_greets(lasuite_client, make_member):
    alice = await make_member(role="member")
    await alice.sign_in(lasuite_client)

    created = await lasuite_client.post("/api/v1/hello/greetings")
    listed = await lasuite_client.get("/api/v1/hello/greetings")

    assert created.status_code == 201
    assert listed.json() == [created.json()["text"]]


async def test_guest_reads_but_may_not_greet(lasuite_client, make_member):
    guest = await make_member(role="guest")
    await guest.sign_in(lasuite_client)

    created = await lasuite_client.post("/api/v1/hello/greetings")
    listed = await lasuite_client.get("/api/v1/hello/greetings")

    assert created.status_code == 403
    assert listed.status_code == 200


async def test_greetings_stay_in_their_organization(lasuite_client, make_member):
    alice = await make_member(role="member", organization="org-a")
    bob = await make_member(role="member", organization="org-b")
    await alice.sign_in(lasuite_client)
    await lasuite_client.post("/api/v1/hello/greetings")

    await bob.sign_in(lasuite_client)
    listed = await lasuite_client.get("/api/v1/hello/greetings")

    assert listed.json() == []
