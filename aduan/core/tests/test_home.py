def test_front_door_leads_to_the_report_form(anon_client, luwu):
    response = anon_client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/lapor/"
    assert anon_client.get(response["Location"]).status_code == 200
