<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>AdminApp</name>
    <message>
        <source>The SimpleMMO operator console: zones, characters, a live physics view and chat of a cluster, through its HTTP APIs. With SIMPLEMMO_ADMIN_PASSWORD set and --user given it logs in at once.</source>
        <translation>Die Betreiberkonsole von SimpleMMO: Zonen, Charaktere, eine Live-Physikansicht und der Chat eines Clusters, über dessen HTTP-APIs. Mit gesetztem SIMPLEMMO_ADMIN_PASSWORD und --user meldet sie sich sofort an.</translation>
    </message>
    <message>
        <source>The AuthServer&apos;s URL.</source>
        <translation>URL des AuthServers.</translation>
    </message>
    <message>
        <source>The CharServer&apos;s URL.</source>
        <translation>URL des CharServers.</translation>
    </message>
    <message>
        <source>The MasterZoneServer&apos;s URL.</source>
        <translation>URL des MasterZoneServers.</translation>
    </message>
    <message>
        <source>The administrator&apos;s account name.</source>
        <translation>Kontoname des Administrators.</translation>
    </message>
</context>
<context>
    <name>smmo::admin::CharacterInspector</name>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <source>Stat</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Stand</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Gegenstand</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>Anzahl</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>Owner (account):</source>
        <translation>Besitzer (Konto):</translation>
    </message>
    <message>
        <source>Zone:</source>
        <translation>Zone:</translation>
    </message>
    <message>
        <source>Position (x, y, z):</source>
        <translation>Position (x, y, z):</translation>
    </message>
    <message>
        <source>Online:</source>
        <translation>Online:</translation>
    </message>
    <message>
        <source>Created:</source>
        <translation>Angelegt:</translation>
    </message>
    <message>
        <source>Last seen:</source>
        <translation>Zuletzt gesehen:</translation>
    </message>
    <message>
        <source>Stats</source>
        <translation>Werte</translation>
    </message>
    <message>
        <source>Inventory</source>
        <translation>Inventar</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>(not shown to this account)</source>
        <translation>(für dieses Konto nicht sichtbar)</translation>
    </message>
    <message>
        <source>online</source>
        <translation>online</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>offline</translation>
    </message>
</context>
<context>
    <name>smmo::admin::CharactersPage</name>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <source>&amp;Move to zone…</source>
        <translation>In Zone &amp;verschieben…</translation>
    </message>
    <message>
        <source>&amp;Edit stats…</source>
        <translation>Werte &amp;bearbeiten…</translation>
    </message>
    <message>
        <source>Characters looked up before</source>
        <translation>Zuvor nachgeschlagene Charaktere</translation>
    </message>
    <message>
        <source>Read the character again (F5)</source>
        <translation>Den Charakter neu lesen (F5)</translation>
    </message>
    <message>
        <source>Change the zone and position in the character&apos;s record (administrators)</source>
        <translation>Zone und Position im Datensatz des Charakters ändern (Administratoren)</translation>
    </message>
    <message>
        <source>Change the character&apos;s stats (administrators)</source>
        <translation>Die Werte des Charakters ändern (Administratoren)</translation>
    </message>
    <message>
        <source>Recent:</source>
        <translation>Zuletzt:</translation>
    </message>
    <message>
        <source>There is no character called %1.</source>
        <translation>Es gibt keinen Charakter namens %1.</translation>
    </message>
    <message>
        <source>Could not look up %1: %2</source>
        <translation>%1 konnte nicht nachgeschlagen werden: %2</translation>
    </message>
    <message>
        <source>Change the stats of %1?

%2</source>
        <translation>Die Werte von %1 ändern?

%2</translation>
    </message>
    <message>
        <source>Move %1 to %2 at (%3, %4, %5)?</source>
        <translation>%1 nach %2 an (%3, %4, %5) verschieben?</translation>
    </message>
    <message>
        <source>Move character</source>
        <translation>Charakter verschieben</translation>
    </message>
    <message>
        <source>%1 is kicked from %2 first.</source>
        <translation>%1 wird zuerst aus %2 geworfen.</translation>
    </message>
    <message>
        <source>Could not kick %1 from %2: %3</source>
        <translation>%1 konnte nicht aus %2 geworfen werden: %3</translation>
    </message>
    <message>
        <source>Change character</source>
        <translation>Charakter ändern</translation>
    </message>
    <message>
        <source>Could not change %1: %2</source>
        <translation>%1 konnte nicht geändert werden: %2</translation>
    </message>
    <message>
        <source>%1 changed.</source>
        <translation>%1 geändert.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Konto</translation>
    </message>
    <message>
        <source>Search characters whose name starts with the text, or the characters of an account</source>
        <translation>Charaktere suchen, deren Name mit dem Text beginnt, oder die Charaktere eines Kontos</translation>
    </message>
    <message>
        <source>Name or its start (Ctrl+F)</source>
        <translation>Name oder sein Anfang (Strg+F)</translation>
    </message>
    <message>
        <source>Press Enter to search. A character whose whole name matches, or the only one found, is shown at once.</source>
        <translation>Eingabe drückt die Suche. Ein Charakter, dessen ganzer Name passt, oder der einzige gefundene wird sofort gezeigt.</translation>
    </message>
    <message>
        <source>Account name (Ctrl+F)</source>
        <translation>Kontoname (Strg+F)</translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation>&amp;Suchen</translation>
    </message>
    <message>
        <source>Zone</source>
        <translation>Zone</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>Characters found; choose one to inspect it</source>
        <translation>Gefundene Charaktere; einen wählen, um ihn anzusehen</translation>
    </message>
    <message>
        <source>Found:</source>
        <translation>Gefunden:</translation>
    </message>
    <message>
        <source>Search a character by its name, or all characters of an account, to see its owner, zone, position, stats and inventory.</source>
        <translation>Einen Charakter nach seinem Namen oder alle Charaktere eines Kontos suchen, um Besitzer, Zone, Position, Werte und Inventar zu sehen.</translation>
    </message>
    <message>
        <source>There is no account called %1.</source>
        <translation>Es gibt kein Konto namens %1.</translation>
    </message>
    <message>
        <source>Could not search for %1: %2</source>
        <translation>Suche nach %1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>%1 has no characters.</source>
        <translation>%1 hat keine Charaktere.</translation>
    </message>
    <message>
        <source>No character&apos;s name starts with %1.</source>
        <translation>Kein Charaktername beginnt mit %1.</translation>
    </message>
    <message>
        <source>Characters found: %1.</source>
        <translation>Gefundene Charaktere: %1.</translation>
    </message>
    <message>
        <source>online</source>
        <translation>online</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>offline</translation>
    </message>
</context>
<context>
    <name>smmo::admin::ChatFeed</name>
    <message>
        <source>The answer is not a list of messages.</source>
        <translation>Die Antwort ist keine Liste von Nachrichten.</translation>
    </message>
</context>
<context>
    <name>smmo::admin::ChatModel</name>
    <message>
        <source>Not said by a player: the server or an object&apos;s script</source>
        <translation>Nicht von einem Spieler: vom Server oder vom Skript eines Objekts</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Sender</source>
        <translation>Absender</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Nachricht</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <comment>a tell: sender → recipient</comment>
        <translation>%1 → %2</translation>
    </message>
</context>
<context>
    <name>smmo::admin::ChatPage</name>
    <message>
        <source>&amp;Send</source>
        <translation>&amp;Senden</translation>
    </message>
    <message>
        <source>Zone chat</source>
        <translation>Zonen-Chat</translation>
    </message>
    <message>
        <source>&amp;Zone:</source>
        <translation>&amp;Zone:</translation>
    </message>
    <message>
        <source>Global chat</source>
        <translation>Globaler Chat</translation>
    </message>
    <message>
        <source>to this zone</source>
        <translation>an diese Zone</translation>
    </message>
    <message>
        <source>A line to send as the server (Ctrl+Return)</source>
        <translation>Eine Zeile, die der Server sendet (Strg+Eingabe)</translation>
    </message>
    <message>
        <source>Broadcast:</source>
        <translation>Durchsage:</translation>
    </message>
    <message>
        <source>Not connected.</source>
        <translation>Nicht verbunden.</translation>
    </message>
    <message>
        <source>Pick a running zone to follow its chat.</source>
        <translation>Eine laufende Zone wählen, um ihren Chat zu verfolgen.</translation>
    </message>
    <message>
        <source>Cannot read the chat of %1: %2</source>
        <translation>Der Chat von %1 lässt sich nicht lesen: %2</translation>
    </message>
    <message>
        <source>Nobody has said anything in %1 yet.</source>
        <translation>In %1 hat noch niemand etwas gesagt.</translation>
    </message>
    <message>
        <source>No global chat yet.</source>
        <translation>Noch kein globaler Chat.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Tells&lt;/b&gt; in this zone: private lines, shown to administrators only</source>
        <translation>&lt;b&gt;Flüstern&lt;/b&gt; in dieser Zone: private Zeilen, nur für Administratoren sichtbar</translation>
    </message>
    <message>
        <source>Watched live through an administrator&apos;s spectator connection to the zone; tells from before are not kept for anyone to read.</source>
        <translation>Live über die Zuschauerverbindung eines Administrators zur Zone verfolgt; früheres Flüstern wird für niemanden zum Lesen aufbewahrt.</translation>
    </message>
    <message>
        <source>to every zone (global chat)</source>
        <translation>an jede Zone (globaler Chat)</translation>
    </message>
    <message>
        <source>Cannot watch the tells of %1: %2</source>
        <translation>Das Flüstern in %1 kann nicht verfolgt werden: %2</translation>
    </message>
    <message>
        <source>No tells in %1 since you started watching.</source>
        <translation>Kein Flüstern in %1, seit Sie zusehen.</translation>
    </message>
    <message>
        <source>Pick a zone to send to, or send a global line to every zone.</source>
        <translation>Eine Zone als Ziel wählen oder eine globale Zeile an jede Zone senden.</translation>
    </message>
    <message>
        <source>Could not send the global line: %1</source>
        <translation>Die globale Zeile konnte nicht gesendet werden: %1</translation>
    </message>
    <message>
        <source>Sent as a global line. Zones reached: %1.</source>
        <translation>Als globale Zeile gesendet. Erreichte Zonen: %1.</translation>
    </message>
    <message>
        <source>The zone is not running: the line reaches nobody.</source>
        <translation>Die Zone läuft nicht: die Zeile erreicht niemanden.</translation>
    </message>
    <message>
        <source>Sent to %1.</source>
        <translation>An %1 gesendet.</translation>
    </message>
    <message>
        <source>Could not send to %1: %2</source>
        <translation>Senden an %1 fehlgeschlagen: %2</translation>
    </message>
</context>
<context>
    <name>smmo::admin::ClusterConnection</name>
    <message>
        <source>%1 did not answer within %2 s.</source>
        <translation>%1 hat nicht innerhalb von %2 s geantwortet.</translation>
    </message>
    <message>
        <source>%1 cannot be reached.</source>
        <translation>%1 ist nicht erreichbar.</translation>
    </message>
    <message>
        <source>AuthServer</source>
        <translation>AuthServer</translation>
    </message>
    <message>
        <source>CharServer</source>
        <translation>CharServer</translation>
    </message>
    <message>
        <source>MasterZoneServer</source>
        <translation>MasterZoneServer</translation>
    </message>
    <message>
        <source>Login failed.</source>
        <translation>Anmeldung fehlgeschlagen.</translation>
    </message>
    <message>
        <source>The AuthServer answered without a token.</source>
        <translation>Der AuthServer hat ohne Token geantwortet.</translation>
    </message>
    <message>
        <source>%1 is not an administrator; the console needs an account with the admin role.</source>
        <translation>%1 ist kein Administrator; die Konsole braucht ein Konto mit der Rolle admin.</translation>
    </message>
    <message>
        <source>Zone at %1</source>
        <translation>Zone unter %1</translation>
    </message>
    <message>
        <source>not ready yet</source>
        <translation>noch nicht bereit</translation>
    </message>
</context>
<context>
    <name>smmo::admin::ConnectDialog</name>
    <message>
        <source>Connect to a cluster</source>
        <translation>Mit einem Cluster verbinden</translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation>&amp;Verbinden</translation>
    </message>
    <message>
        <source>&amp;AuthServer URL:</source>
        <translation>&amp;AuthServer-URL:</translation>
    </message>
    <message>
        <source>C&amp;harServer URL:</source>
        <translation>C&amp;harServer-URL:</translation>
    </message>
    <message>
        <source>&amp;MasterZoneServer URL:</source>
        <translation>&amp;MasterZoneServer-URL:</translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation>&amp;Benutzer:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Passwort:</translation>
    </message>
    <message>
        <source>“%1” is not an http:// or https:// URL.</source>
        <translation>„%1“ ist keine http://- oder https://-URL.</translation>
    </message>
    <message>
        <source>Enter the name of an administrator&apos;s account.</source>
        <translation>Den Namen eines Administratorkontos eingeben.</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Verbinde…</translation>
    </message>
</context>
<context>
    <name>smmo::admin::HealthModel</name>
    <message>
        <source>not available</source>
        <translation>nicht verfügbar</translation>
    </message>
    <message>
        <source>no answer</source>
        <translation>keine Antwort</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>bereit</translation>
    </message>
    <message>
        <source>not ready</source>
        <translation>nicht bereit</translation>
    </message>
    <message>
        <source>Zone</source>
        <translation>Zone</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Players</source>
        <translation>Spieler</translation>
    </message>
    <message>
        <source>Objects</source>
        <translation>Objekte</translation>
    </message>
    <message>
        <source>Streams</source>
        <translation>Streams</translation>
    </message>
    <message>
        <source>Tick p99 (ms)</source>
        <translation>Tick p99 (ms)</translation>
    </message>
    <message>
        <source>ScriptServer</source>
        <translation>ScriptServer</translation>
    </message>
    <message>
        <source>PhysicsServer</source>
        <translation>PhysicsServer</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>Zustand (/health)</translation>
    </message>
    <message>
        <source>not started</source>
        <translation>nicht gestartet</translation>
    </message>
    <message>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <source>restarting</source>
        <translation>startet neu</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>gescheitert</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>angehalten</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>verbunden</translation>
    </message>
    <message>
        <source>not connected</source>
        <translation>nicht verbunden</translation>
    </message>
    <message>
        <source>The master did not start this program for the zone (it is not installed beside the master, or not listed in zone-companions).</source>
        <translation>Der Master hat dieses Programm für die Zone nicht gestartet (es liegt nicht neben dem Master oder fehlt in zone-companions).</translation>
    </message>
    <message>
        <source>Neither the master nor the zone reports this program&apos;s state.</source>
        <translation>Weder der Master noch die Zone melden den Zustand dieses Programms.</translation>
    </message>
    <message>
        <source>PID %1</source>
        <translation>PID %1</translation>
    </message>
    <message>
        <source>restarts: %1</source>
        <translation>Neustarts: %1</translation>
    </message>
    <message>
        <source>last exit: %1</source>
        <translation>zuletzt beendet: %1</translation>
    </message>
</context>
<context>
    <name>smmo::admin::HealthPage</name>
    <message>
        <source>Tick time p99 per zone</source>
        <translation>Tick-Zeit p99 je Zone</translation>
    </message>
    <message>
        <source>ms</source>
        <translation>ms</translation>
    </message>
    <message>
        <source>Players per zone</source>
        <translation>Spieler je Zone</translation>
    </message>
    <message>
        <source>Select a zone to see its whole /health answer.</source>
        <translation>Eine Zone auswählen, um ihre ganze /health-Antwort zu sehen.</translation>
    </message>
    <message>
        <source>Not connected.</source>
        <translation>Nicht verbunden.</translation>
    </message>
    <message>
        <source>No zones are running, so there is nothing to measure.</source>
        <translation>Es laufen keine Zonen, also gibt es nichts zu messen.</translation>
    </message>
    <message>
        <source>Scripts of the selected zone</source>
        <translation>Skripte der gewählten Zone</translation>
    </message>
</context>
<context>
    <name>smmo::admin::MainWindow</name>
    <message>
        <source>SimpleMMO Admin</source>
        <translation>SimpleMMO-Verwaltung</translation>
    </message>
    <message>
        <source>&amp;Zones</source>
        <translation>&amp;Zonen</translation>
    </message>
    <message>
        <source>Logged in as %1.</source>
        <translation>Angemeldet als %1.</translation>
    </message>
    <message>
        <source>The cluster refused the session (%1). Connect again with Ctrl+L.</source>
        <translation>Der Cluster hat die Sitzung abgelehnt (%1). Mit Strg+L neu verbinden.</translation>
    </message>
    <message>
        <source>Zones: %1</source>
        <translation>Zonen: %1</translation>
    </message>
    <message>
        <source>&amp;Cluster</source>
        <translation>&amp;Cluster</translation>
    </message>
    <message>
        <source>&amp;Connect…</source>
        <translation>&amp;Verbinden…</translation>
    </message>
    <message>
        <source>&amp;Disconnect</source>
        <translation>&amp;Trennen</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>Zones</source>
        <translation>Zonen</translation>
    </message>
    <message>
        <source>Characters</source>
        <translation>Charaktere</translation>
    </message>
    <message>
        <source>Physics</source>
        <translation>Physik</translation>
    </message>
    <message>
        <source>Chat</source>
        <translation>Chat</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Tastenkürzel</translation>
    </message>
    <message>
        <source>&amp;About</source>
        <translation>&amp;Über</translation>
    </message>
    <message>
        <source>Cluster</source>
        <translation>Cluster</translation>
    </message>
    <message>
        <source>not configured</source>
        <translation>nicht eingerichtet</translation>
    </message>
    <message>
        <source>asking…</source>
        <translation>frage an…</translation>
    </message>
    <message>
        <source>up</source>
        <translation>erreichbar</translation>
    </message>
    <message>
        <source>not ready</source>
        <translation>nicht bereit</translation>
    </message>
    <message>
        <source>DOWN</source>
        <translation>AUSGEFALLEN</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Logged in as %1 (%2)</source>
        <translation>Angemeldet als %1 (%2)</translation>
    </message>
    <message>
        <source>Not logged in</source>
        <translation>Nicht angemeldet</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <source>About SimpleMMO Admin</source>
        <translation>Über SimpleMMO-Verwaltung</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;SimpleMMO Admin&lt;/b&gt; %1&lt;/p&gt;&lt;p&gt;The operator console of a SimpleMMO cluster. It talks only to the servers&apos; HTTP APIs.&lt;/p&gt;&lt;p&gt;Licensed under the GNU Affero General Public License, version 3 or later.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;SimpleMMO-Verwaltung&lt;/b&gt; %1&lt;/p&gt;&lt;p&gt;Die Betreiberkonsole eines SimpleMMO-Clusters. Sie spricht nur mit den HTTP-APIs der Server.&lt;/p&gt;&lt;p&gt;Lizenziert unter der GNU Affero General Public License, Version 3 oder später.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;table&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+L&lt;/b&gt;&lt;/td&gt;&lt;td&gt;Connect to a cluster&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+1 … Ctrl+5&lt;/b&gt;&lt;/td&gt;&lt;td&gt;Zones, Characters, Physics, Chat, Health&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+F&lt;/b&gt;&lt;/td&gt;&lt;td&gt;Filter zones / search characters&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+N&lt;/b&gt;&lt;/td&gt;&lt;td&gt;Spawn a zone&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+Shift+S / K / R&lt;/b&gt;&lt;/td&gt;&lt;td&gt;Stop / kill / restart the selected zone&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;F5&lt;/b&gt;&lt;/td&gt;&lt;td&gt;Read the character again&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;+ / − / 0&lt;/b&gt;&lt;/td&gt;&lt;td&gt;Zoom in / out / fit (physics view)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+Shift+F&lt;/b&gt;&lt;/td&gt;&lt;td&gt;Choose whom to follow (physics view)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+Return&lt;/b&gt;&lt;/td&gt;&lt;td&gt;Send the broadcast line (chat)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+Shift+L&lt;/b&gt;&lt;/td&gt;&lt;td&gt;Reload the selected zone&apos;s scripts (health)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+Q&lt;/b&gt;&lt;/td&gt;&lt;td&gt;Quit&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</source>
        <translation>&lt;table&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Strg+L&lt;/b&gt;&lt;/td&gt;&lt;td&gt;Mit einem Cluster verbinden&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Strg+1 … Strg+5&lt;/b&gt;&lt;/td&gt;&lt;td&gt;Zonen, Charaktere, Physik, Chat, Zustand&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Strg+F&lt;/b&gt;&lt;/td&gt;&lt;td&gt;Zonen filtern / Charaktere suchen&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Strg+N&lt;/b&gt;&lt;/td&gt;&lt;td&gt;Eine Zone starten&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Strg+Umschalt+S / K / R&lt;/b&gt;&lt;/td&gt;&lt;td&gt;Die gewählte Zone anhalten / hart beenden / neu starten&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;F5&lt;/b&gt;&lt;/td&gt;&lt;td&gt;Den Charakter neu lesen&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;+ / − / 0&lt;/b&gt;&lt;/td&gt;&lt;td&gt;Vergrößern / verkleinern / alles zeigen (Physikansicht)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Strg+Umschalt+F&lt;/b&gt;&lt;/td&gt;&lt;td&gt;Wählen, wem die Ansicht folgt (Physikansicht)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Strg+Eingabe&lt;/b&gt;&lt;/td&gt;&lt;td&gt;Die Durchsage senden (Chat)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Strg+Umschalt+L&lt;/b&gt;&lt;/td&gt;&lt;td&gt;Die Skripte der gewählten Zone neu laden (Zustand)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Strg+Q&lt;/b&gt;&lt;/td&gt;&lt;td&gt;Beenden&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</translation>
    </message>
</context>
<context>
    <name>smmo::admin::MoveDialog</name>
    <message>
        <source>Move %1 to a zone</source>
        <translation>%1 in eine Zone verschieben</translation>
    </message>
    <message>
        <source>Kick it from %1 first</source>
        <translation>Zuerst aus %1 werfen</translation>
    </message>
    <message>
        <source>A zone writes the record of a character online in it when it leaves, which would undo the move; kicking makes it leave now.</source>
        <translation>Eine Zone schreibt den Datensatz eines Charakters, der in ihr online ist, wenn er sie verlässt, und das würde das Verschieben rückgängig machen; der Rauswurf lässt ihn sie jetzt verlassen.</translation>
    </message>
    <message>
        <source>Move</source>
        <translation>Verschieben</translation>
    </message>
    <message>
        <source>&amp;Zone:</source>
        <translation>&amp;Zone:</translation>
    </message>
    <message>
        <source>&amp;x:</source>
        <translation>&amp;x:</translation>
    </message>
    <message>
        <source>&amp;y:</source>
        <translation>&amp;y:</translation>
    </message>
    <message>
        <source>&amp;z:</source>
        <translation>z&amp;:</translation>
    </message>
</context>
<context>
    <name>smmo::admin::PhysicsPage</name>
    <message>
        <source>nobody</source>
        <translation>niemandem</translation>
    </message>
    <message>
        <source>Keep this character in the middle of the view (Ctrl+Shift+F)</source>
        <translation>Diesen Charakter in der Mitte der Ansicht halten (Strg+Umschalt+F)</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>Vergrößern</translation>
    </message>
    <message>
        <source>Zoom in (+ or the mouse wheel)</source>
        <translation>Vergrößern (+ oder das Mausrad)</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>Verkleinern</translation>
    </message>
    <message>
        <source>Zoom out (- or the mouse wheel)</source>
        <translation>Verkleinern (- oder das Mausrad)</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>Alles</translation>
    </message>
    <message>
        <source>Show every object (0)</source>
        <translation>Jedes Objekt zeigen (0)</translation>
    </message>
    <message>
        <source>&amp;Zone:</source>
        <translation>&amp;Zone:</translation>
    </message>
    <message>
        <source>F&amp;ollow:</source>
        <translation>&amp;Folgen:</translation>
    </message>
    <message>
        <source>%1 is not in this zone (yet); the view will follow it when it is.</source>
        <translation>%1 ist (noch) nicht in dieser Zone; die Ansicht folgt, sobald er da ist.</translation>
    </message>
    <message>
        <source>Not connected.</source>
        <translation>Nicht verbunden.</translation>
    </message>
    <message>
        <source>No zone is running. Start one on the Zones page.</source>
        <translation>Keine Zone läuft. Auf der Seite Zonen lässt sich eine starten.</translation>
    </message>
    <message>
        <source>Pick a running zone above to watch its objects live.</source>
        <translation>Oben eine laufende Zone wählen, um ihre Objekte live zu sehen.</translation>
    </message>
    <message>
        <source>Cannot read the objects of %1: %2</source>
        <translation>Die Objekte von %1 lassen sich nicht lesen: %2</translation>
    </message>
    <message>
        <source>%1 has no objects.</source>
        <translation>%1 hat keine Objekte.</translation>
    </message>
    <message>
        <source>live, %1 updates per second</source>
        <translation>live, %1 Aktualisierungen pro Sekunde</translation>
    </message>
    <message>
        <source>not connected</source>
        <translation>nicht verbunden</translation>
    </message>
    <message>
        <source>Objects: %1 · players: %2 · collisions: %3 · stream: %4</source>
        <translation>Objekte: %1 · Spieler: %2 · Kollisionen: %3 · Stream: %4</translation>
    </message>
</context>
<context>
    <name>smmo::admin::ScriptErrorsModel</name>
    <message>
        <source>does not load</source>
        <translation>lädt nicht</translation>
    </message>
    <message>
        <source>fault %1, disabled</source>
        <translation>Fehler %1, abgeschaltet</translation>
    </message>
    <message>
        <source>fault %1</source>
        <translation>Fehler %1</translation>
    </message>
    <message>
        <source>The script&apos;s latest version did not load; objects keep running the version before it, if there was one.</source>
        <translation>Die neueste Fassung des Skripts lud nicht; Objekte führen die vorige weiter aus, falls es eine gab.</translation>
    </message>
    <message>
        <source>A handler threw, ran past its time budget or misused the API. A script that faults too often is disabled on that object until it is reloaded.</source>
        <translation>Ein Handler warf eine Ausnahme, überschritt sein Zeitbudget oder missbrauchte die API. Ein Skript, das zu oft fehlschlägt, wird auf diesem Objekt abgeschaltet, bis es neu geladen wird.</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Object</source>
        <translation>Objekt</translation>
    </message>
    <message>
        <source>Script</source>
        <translation>Skript</translation>
    </message>
    <message>
        <source>Handler</source>
        <translation>Handler</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
</context>
<context>
    <name>smmo::admin::ScriptsPanel</name>
    <message>
        <source>&amp;Reload scripts</source>
        <translation>Skripte neu &amp;laden</translation>
    </message>
    <message>
        <source>Have the zone&apos;s ScriptServer read and load every script again, changed or not: scripts disabled on objects start afresh (Ctrl+Shift+L)</source>
        <translation>Den ScriptServer der Zone jedes Skript neu lesen und laden lassen, geändert oder nicht: auf Objekten abgeschaltete Skripte beginnen von vorn (Strg+Umschalt+L)</translation>
    </message>
    <message>
        <source>this zone does not report its scripts (an older version)</source>
        <translation>diese Zone meldet ihre Skripte nicht (eine ältere Version)</translation>
    </message>
    <message>
        <source>Select a zone above to see its scripts and their errors.</source>
        <translation>Oben eine Zone wählen, um ihre Skripte und deren Fehler zu sehen.</translation>
    </message>
    <message>
        <source>No zone selected.</source>
        <translation>Keine Zone gewählt.</translation>
    </message>
    <message>
        <source>No ScriptServer has reported to %1 yet.</source>
        <translation>Noch kein ScriptServer hat sich bei %1 gemeldet.</translation>
    </message>
    <message>
        <source>Asking %1 about its scripts…</source>
        <translation>%1 wird nach seinen Skripten gefragt …</translation>
    </message>
    <message>
        <source>Scripts of %1: %2 loaded (%3).</source>
        <translation>Skripte von %1: %2 geladen (%3).</translation>
    </message>
    <message>
        <source>Not loading: %1.</source>
        <translation>Laden nicht: %1.</translation>
    </message>
    <message>
        <source>Reloaded at %1 (%2 times so far).</source>
        <translation>Neu geladen um %1 (bisher %2-mal).</translation>
    </message>
    <message>
        <source>Reported at %1.</source>
        <translation>Gemeldet um %1.</translation>
    </message>
    <message>
        <source>Cannot read the scripts of %1: %2</source>
        <translation>Die Skripte von %1 können nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>No script errors in %1.</source>
        <translation>Keine Skriptfehler in %1.</translation>
    </message>
    <message>
        <source>Asking…</source>
        <translation>Wird gefragt …</translation>
    </message>
    <message>
        <source>Pick a running zone first.</source>
        <translation>Zuerst eine laufende Zone wählen.</translation>
    </message>
    <message>
        <source>Could not reload the scripts of %1: %2</source>
        <translation>Die Skripte von %1 konnten nicht neu geladen werden: %2</translation>
    </message>
    <message>
        <source>%1 has no ScriptServer connected: nothing to reload.</source>
        <translation>Mit %1 ist kein ScriptServer verbunden: nichts neu zu laden.</translation>
    </message>
    <message>
        <source>The scripts of %1 are being reloaded.</source>
        <translation>Die Skripte von %1 werden neu geladen.</translation>
    </message>
</context>
<context>
    <name>smmo::admin::SpawnDialog</name>
    <message>
        <source>Spawn a zone</source>
        <translation>Eine Zone starten</translation>
    </message>
    <message>
        <source>public: one shared instance; playerinstance: a character&apos;s own copy, which only that character&apos;s account may enter.</source>
        <translation>public: eine gemeinsame Instanz; playerinstance: die eigene Kopie eines Charakters, die nur dessen Konto betreten darf.</translation>
    </message>
    <message>
        <source>The name of a definition in the master&apos;s zones directory (scripts/zones/&lt;name&gt;.json). Type any name the cluster has.</source>
        <translation>Der Name einer Definition im Zonenverzeichnis des Masters (scripts/zones/&lt;name&gt;.json). Jeder Name, den der Cluster kennt, lässt sich eintippen.</translation>
    </message>
    <message>
        <source>For a playerinstance, the character it belongs to.</source>
        <translation>Bei einer playerinstance der Charakter, dem sie gehört.</translation>
    </message>
    <message>
        <source>Spawn</source>
        <translation>Starten</translation>
    </message>
    <message>
        <source>Instance &amp;type:</source>
        <translation>Instanz&amp;typ:</translation>
    </message>
    <message>
        <source>&amp;Definition:</source>
        <translation>&amp;Definition:</translation>
    </message>
    <message>
        <source>&amp;Owner:</source>
        <translation>&amp;Besitzer:</translation>
    </message>
    <message>
        <source>Zone id:</source>
        <translation>Zonen-ID:</translation>
    </message>
    <message>
        <source>(each part: letters, digits or underscores)</source>
        <translation>(jeder Teil: Buchstaben, Ziffern oder Unterstriche)</translation>
    </message>
</context>
<context>
    <name>smmo::admin::StatsDialog</name>
    <message>
        <source>Edit stats of %1</source>
        <translation>Werte von %1 bearbeiten</translation>
    </message>
    <message>
        <source>Stat</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Stand</translation>
    </message>
    <message>
        <source>&amp;Add stat</source>
        <translation>Wert &amp;hinzufügen</translation>
    </message>
    <message>
        <source>&amp;Remove stat</source>
        <translation>Wert &amp;entfernen</translation>
    </message>
    <message>
        <source>Numbers, true, false and null are stored as such; anything else as text.</source>
        <translation>Zahlen, true, false und null werden als solche gespeichert, alles andere als Text.</translation>
    </message>
    <message>
        <source>%1: remove (was %2)</source>
        <translation>%1: entfernen (war %2)</translation>
    </message>
    <message>
        <source>%1: new, %2</source>
        <translation>%1: neu, %2</translation>
    </message>
    <message>
        <source>%1: %2 → %3</source>
        <translation>%1: %2 → %3</translation>
    </message>
</context>
<context>
    <name>smmo::admin::TrendChart</name>
    <message>
        <source>-%1 s</source>
        <translation>-%1 s</translation>
    </message>
    <message>
        <source>now</source>
        <translation>jetzt</translation>
    </message>
    <message>
        <source>No running zone yet</source>
        <translation>Noch keine laufende Zone</translation>
    </message>
    <message>
        <source>+%1 more</source>
        <translation>+%1 weitere</translation>
    </message>
</context>
<context>
    <name>smmo::admin::ZoneMonitor</name>
    <message>
        <source>GET /zones answered something that is not a list.</source>
        <translation>GET /zones hat etwas geantwortet, das keine Liste ist.</translation>
    </message>
</context>
<context>
    <name>smmo::admin::ZonePicker</name>
    <message>
        <source>(no zone is running)</source>
        <translation>(keine Zone läuft)</translation>
    </message>
    <message>
        <source>(pick a zone)</source>
        <translation>(eine Zone wählen)</translation>
    </message>
</context>
<context>
    <name>smmo::admin::ZoneSpectator</name>
    <message>
        <source>the connection closed (code %1)</source>
        <translation>die Verbindung wurde geschlossen (Code %1)</translation>
    </message>
</context>
<context>
    <name>smmo::admin::ZonesModel</name>
    <message>
        <source>starting</source>
        <translation>startet</translation>
    </message>
    <message>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <source>stopping</source>
        <translation>hält an</translation>
    </message>
    <message>
        <source>crashed</source>
        <translation>abgestürzt</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 Min. %2 s</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 Std. %2 Min.</translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation>%1 T. %2 Std.</translation>
    </message>
    <message>
        <source>No health figures: %1</source>
        <translation>Keine Zustandswerte: %1</translation>
    </message>
    <message>
        <source>Adopted: the master found this zone running when it started.</source>
        <translation>Übernommen: der Master fand diese Zone bei seinem Start laufend vor.</translation>
    </message>
    <message>
        <source>Zone</source>
        <translation>Zone</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>PID</source>
        <translation>PID</translation>
    </message>
    <message>
        <source>Players</source>
        <translation>Spieler</translation>
    </message>
    <message>
        <source>Objects</source>
        <translation>Objekte</translation>
    </message>
    <message>
        <source>Tick p99 (ms)</source>
        <translation>Tick p99 (ms)</translation>
    </message>
    <message>
        <source>Uptime</source>
        <translation>Laufzeit</translation>
    </message>
</context>
<context>
    <name>smmo::admin::ZonesPage</name>
    <message>
        <source>&amp;Spawn…</source>
        <translation>&amp;Starten…</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>&amp;Anhalten</translation>
    </message>
    <message>
        <source>&amp;Kill</source>
        <translation>&amp;Hart beenden</translation>
    </message>
    <message>
        <source>&amp;Restart</source>
        <translation>&amp;Neu starten</translation>
    </message>
    <message>
        <source>Filter zones by id, state or URL (Ctrl+F)</source>
        <translation>Zonen nach ID, Zustand oder URL filtern (Strg+F)</translation>
    </message>
    <message>
        <source>Start a zone (Ctrl+N)</source>
        <translation>Eine Zone starten (Strg+N)</translation>
    </message>
    <message>
        <source>Stop the selected zone gracefully: it saves and exits (Ctrl+Shift+S)</source>
        <translation>Die gewählte Zone geordnet anhalten: sie speichert und beendet sich (Strg+Umschalt+S)</translation>
    </message>
    <message>
        <source>Kill the selected zone at once; positions since its last checkpoint are lost (Ctrl+Shift+K)</source>
        <translation>Die gewählte Zone sofort beenden; Positionen seit ihrem letzten Sicherungspunkt gehen verloren (Strg+Umschalt+K)</translation>
    </message>
    <message>
        <source>Stop the selected zone gracefully and start it again (Ctrl+Shift+R)</source>
        <translation>Die gewählte Zone geordnet anhalten und wieder starten (Strg+Umschalt+R)</translation>
    </message>
    <message>
        <source>Not connected. Use Cluster → Connect… (Ctrl+L) to log in to a cluster.</source>
        <translation>Nicht verbunden. Cluster → Verbinden… (Strg+L) meldet an einem Cluster an.</translation>
    </message>
    <message>
        <source>Asking the MasterZoneServer for its zones…</source>
        <translation>Frage den MasterZoneServer nach seinen Zonen…</translation>
    </message>
    <message>
        <source>No zones are running. Zones start when a player enters one, or with Spawn… (Ctrl+N).</source>
        <translation>Es laufen keine Zonen. Zonen starten, wenn ein Spieler eine betritt, oder mit Starten… (Strg+N).</translation>
    </message>
    <message>
        <source>No zone matches the filter “%1”.</source>
        <translation>Keine Zone passt zum Filter „%1“.</translation>
    </message>
    <message>
        <source>Starting %1…</source>
        <translation>Starte %1…</translation>
    </message>
    <message>
        <source>%1 is running.</source>
        <translation>%1 läuft.</translation>
    </message>
    <message>
        <source>Could not start %1: %2</source>
        <translation>%1 konnte nicht gestartet werden: %2</translation>
    </message>
    <message>
        <source>Stop zone</source>
        <translation>Zone anhalten</translation>
    </message>
    <message>
        <source>Stop %1? Its players are sent away; it saves its state and exits.</source>
        <translation>%1 anhalten? Ihre Spieler werden hinausgeschickt; sie speichert ihren Zustand und beendet sich.</translation>
    </message>
    <message>
        <source>Stopping %1…</source>
        <translation>Halte %1 an…</translation>
    </message>
    <message>
        <source>%1 stopped.</source>
        <translation>%1 angehalten.</translation>
    </message>
    <message>
        <source>Could not stop %1: %2</source>
        <translation>%1 konnte nicht angehalten werden: %2</translation>
    </message>
    <message>
        <source>Kill zone</source>
        <translation>Zone hart beenden</translation>
    </message>
    <message>
        <source>Kill %1 at once? Positions since its last checkpoint are lost.</source>
        <translation>%1 sofort beenden? Positionen seit ihrem letzten Sicherungspunkt gehen verloren.</translation>
    </message>
    <message>
        <source>Killing %1…</source>
        <translation>Beende %1 hart…</translation>
    </message>
    <message>
        <source>%1 killed.</source>
        <translation>%1 hart beendet.</translation>
    </message>
    <message>
        <source>Could not kill %1: %2</source>
        <translation>%1 konnte nicht hart beendet werden: %2</translation>
    </message>
    <message>
        <source>Restart zone</source>
        <translation>Zone neu starten</translation>
    </message>
    <message>
        <source>Restart %1? Its players are sent away while it stops and starts again.</source>
        <translation>%1 neu starten? Ihre Spieler werden hinausgeschickt, während sie anhält und wieder startet.</translation>
    </message>
    <message>
        <source>Restarting %1…</source>
        <translation>Starte %1 neu…</translation>
    </message>
    <message>
        <source>%1 restarted.</source>
        <translation>%1 neu gestartet.</translation>
    </message>
    <message>
        <source>Could not restart %1: %2</source>
        <translation>%1 konnte nicht neu gestartet werden: %2</translation>
    </message>
</context>
</TS>
