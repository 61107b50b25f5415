<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>cli</name>
    <message>
        <source>SimpleMMO client. Type help for the commands, quit to leave.</source>
        <translation>SimpleMMO-Client. help zeigt die Befehle, quit beendet.</translation>
    </message>
    <message>
        <source>Unknown command: %1. Type help for the list.</source>
        <translation>Unbekannter Befehl: %1. help zeigt die Liste.</translation>
    </message>
    <message>
        <source>Usage: %1</source>
        <translation>Aufruf: %1</translation>
    </message>
    <message>
        <source>error: %1</source>
        <translation>Fehler: %1</translation>
    </message>
    <message>
        <source>Commands (help &lt;command&gt; for details):</source>
        <translation>Befehle (help &lt;command&gt; für Details):</translation>
    </message>
    <message>
        <source>No such command: %1. Type help for the list.</source>
        <translation>Diesen Befehl gibt es nicht: %1. help zeigt die Liste.</translation>
    </message>
    <message>
        <source>Usage: %1
%2</source>
        <translation>Aufruf: %1
%2</translation>
    </message>
    <message>
        <source>Also: %1</source>
        <translation>Auch: %1</translation>
    </message>
    <message>
        <source>Example: %1</source>
        <translation>Beispiel: %1</translation>
    </message>
    <message>
        <source>SimpleMMO client prompt.</source>
        <translation>Kommandozeile des SimpleMMO-Clients.</translation>
    </message>
    <message>
        <source>here</source>
        <comment>direction in look: no distance</comment>
        <translation>hier</translation>
    </message>
    <message>
        <source>E</source>
        <comment>compass direction</comment>
        <translation>O</translation>
    </message>
    <message>
        <source>NE</source>
        <comment>compass direction</comment>
        <translation>NO</translation>
    </message>
    <message>
        <source>N</source>
        <comment>compass direction</comment>
        <translation>N</translation>
    </message>
    <message>
        <source>NW</source>
        <comment>compass direction</comment>
        <translation>NW</translation>
    </message>
    <message>
        <source>W</source>
        <comment>compass direction</comment>
        <translation>W</translation>
    </message>
    <message>
        <source>SW</source>
        <comment>compass direction</comment>
        <translation>SW</translation>
    </message>
    <message>
        <source>S</source>
        <comment>compass direction</comment>
        <translation>S</translation>
    </message>
    <message>
        <source>SE</source>
        <comment>compass direction</comment>
        <translation>SO</translation>
    </message>
</context>
<context>
    <name>smmo::cli::CliApp</name>
    <message>
        <source>Create an account.</source>
        <translation>Ein Konto anlegen.</translation>
    </message>
    <message>
        <source>Logged in as %1.</source>
        <translation>Angemeldet als %1.</translation>
    </message>
    <message>
        <source>Your characters: %1</source>
        <translation>Deine Charaktere: %1</translation>
    </message>
    <message>
        <source>Log in; without a password on the line, it is asked for without echo.</source>
        <translation>Anmelden; ohne Passwort in der Zeile wird es verdeckt abgefragt.</translation>
    </message>
    <message>
        <source>Password: </source>
        <translation>Passwort: </translation>
    </message>
    <message>
        <source>Log out.</source>
        <translation>Abmelden.</translation>
    </message>
    <message>
        <source>Logged out.</source>
        <translation>Abgemeldet.</translation>
    </message>
    <message>
        <source>List your characters.</source>
        <translation>Deine Charaktere auflisten.</translation>
    </message>
    <message>
        <source>You have no characters yet: create &lt;name&gt; makes one.</source>
        <translation>Du hast noch keine Charaktere: create &lt;name&gt; legt einen an.</translation>
    </message>
    <message>
        <source>Create a character (3-32 letters, digits, underscores).</source>
        <translation>Einen Charakter anlegen (3-32 Buchstaben, Ziffern, Unterstriche).</translation>
    </message>
    <message>
        <source>Created %1. play %1 enters the world.</source>
        <translation>%1 angelegt. play %1 betritt die Welt.</translation>
    </message>
    <message>
        <source>Show who you are logged in as.</source>
        <translation>Zeigen, als wer du angemeldet bist.</translation>
    </message>
    <message>
        <source>%1 (roles: %2), session valid until %3</source>
        <translation>%1 (Rollen: %2), Sitzung gültig bis %3</translation>
    </message>
    <message>
        <source>player</source>
        <translation>Spieler</translation>
    </message>
    <message>
        <source>AuthServer URL.</source>
        <translation>URL des AuthServers.</translation>
    </message>
    <message>
        <source>CharServer URL.</source>
        <translation>URL des CharServers.</translation>
    </message>
    <message>
        <source>MasterZoneServer URL.</source>
        <translation>URL des MasterZoneServers.</translation>
    </message>
    <message>
        <source>Run these commands (separated by ;) and exit.</source>
        <translation>Diese Befehle (durch ; getrennt) ausführen und beenden.</translation>
    </message>
    <message>
        <source>Ignored (accepted so the launcher can pass it).</source>
        <translation>Ignoriert (wird angenommen, damit der Starter sie übergeben kann).</translation>
    </message>
    <message>
        <source>guest</source>
        <translation>Gast</translation>
    </message>
    <message>
        <source> [%1 in view]</source>
        <translation> [%1 in Sicht]</translation>
    </message>
    <message>
        <source>List the commands, or explain one.</source>
        <translation>Die Befehle auflisten oder einen erklären.</translation>
    </message>
    <message>
        <source>Leave the prompt.</source>
        <translation>Die Eingabe beenden.</translation>
    </message>
    <message>
        <source>Show whether each server answers, and its version.</source>
        <translation>Zeigen, ob jeder Server antwortet, und seine Version.</translation>
    </message>
    <message>
        <source>  %1  down (%2)</source>
        <translation>  %1  nicht erreichbar (%2)</translation>
    </message>
    <message>
        <source>  %1  %2 %3 %4, up %5 s</source>
        <translation>  %1  %2 %3 %4, läuft seit %5 s</translation>
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
        <source>Pause a script while live messages keep arriving.</source>
        <translation>Ein Skript anhalten, während weiter Live-Meldungen eintreffen.</translation>
    </message>
    <message>
        <source>wait takes a number of seconds from 0 to 3600.</source>
        <translation>wait erwartet eine Sekundenzahl von 0 bis 3600.</translation>
    </message>
    <message>
        <source>Nothing called %1 is in view.</source>
        <translation>Nichts namens %1 ist in Sicht.</translation>
    </message>
    <message>
        <source>You are not in the world: play &lt;character&gt; first.</source>
        <translation>Du bist nicht in der Welt: zuerst play &lt;character&gt;.</translation>
    </message>
    <message>
        <source>The connection to the zone is gone: play %1 again.</source>
        <translation>Die Verbindung zur Zone ist abgebrochen: erneut play %1.</translation>
    </message>
    <message>
        <source>[tell] %1 tells you: %2</source>
        <translation>[Flüstern] %1 flüstert dir zu: %2</translation>
    </message>
    <message>
        <source>[tell] you tell %1: %2</source>
        <translation>[Flüstern] du flüsterst %1 zu: %2</translation>
    </message>
    <message>
        <source>[global] %1: %2</source>
        <translation>[Global] %1: %2</translation>
    </message>
    <message>
        <source>[%1] %2: %3</source>
        <translation>[%1] %2: %3</translation>
    </message>
    <message>
        <source>%1 comes into view.</source>
        <translation>%1 kommt in Sicht.</translation>
    </message>
    <message>
        <source>You were taken over by another connection.</source>
        <translation>Eine andere Verbindung hat deinen Charakter übernommen.</translation>
    </message>
    <message>
        <source>The zone closed the connection.</source>
        <translation>Die Zone hat die Verbindung geschlossen.</translation>
    </message>
    <message>
        <source>The zone closed the connection: %1</source>
        <translation>Die Zone hat die Verbindung geschlossen: %1</translation>
    </message>
    <message>
        <source>Enter the world as one of your characters.</source>
        <translation>Die Welt als einer deiner Charaktere betreten.</translation>
    </message>
    <message>
        <source>List what is in view, nearest first, with distance and direction.</source>
        <translation>Auflisten, was in Sicht ist, das Nächste zuerst, mit Entfernung und Richtung.</translation>
    </message>
    <message numerus="yes">
        <source>You are at (%1, %2). %n thing(s) in view.</source>
        <translation>
            <numerusform>Du bist bei (%1, %2). %n Objekt in Sicht.</numerusform>
            <numerusform>Du bist bei (%1, %2). %n Objekte in Sicht.</numerusform>
        </translation>
    </message>
    <message>
        <source> (player)</source>
        <translation> (Spieler)</translation>
    </message>
    <message>
        <source>Draw the area around you: @ is you, letters are objects (first letter of their kind).</source>
        <translation>Die Umgebung zeichnen: @ bist du, Buchstaben sind Objekte (Anfangsbuchstabe ihrer Art).</translation>
    </message>
    <message>
        <source>The map size is a number from 5 to 101.</source>
        <translation>Die Kartengröße ist eine Zahl von 5 bis 101.</translation>
    </message>
    <message>
        <source>North is up; one cell is %1 m.</source>
        <translation>Norden ist oben; ein Feld sind %1 m.</translation>
    </message>
    <message>
        <source>Show everything known about an object in view.</source>
        <translation>Alles zeigen, was über ein Objekt in Sicht bekannt ist.</translation>
    </message>
    <message>
        <source>Each step is at most 1 in x and y (times your speed).</source>
        <translation>Ein Schritt ist in x und y höchstens 1 (mal deine Geschwindigkeit).</translation>
    </message>
    <message>
        <source>You are at (%1, %2).</source>
        <translation>Du bist bei (%1, %2).</translation>
    </message>
    <message>
        <source>Something blocks your way.</source>
        <translation>Etwas versperrt dir den Weg.</translation>
    </message>
    <message>
        <source>The zone did not answer the move.</source>
        <translation>Die Zone hat auf den Schritt nicht geantwortet.</translation>
    </message>
    <message>
        <source>Walk by (dx, dy), each from -1 to 1, times your speed; north is +y.</source>
        <translation>Um (dx, dy) gehen, je von -1 bis 1, mal deine Geschwindigkeit; Norden ist +y.</translation>
    </message>
    <message>
        <source>move takes two numbers.</source>
        <translation>move erwartet zwei Zahlen.</translation>
    </message>
    <message>
        <source>Step north.</source>
        <translation>Einen Schritt nach Norden.</translation>
    </message>
    <message>
        <source>Step south.</source>
        <translation>Einen Schritt nach Süden.</translation>
    </message>
    <message>
        <source>Step east.</source>
        <translation>Einen Schritt nach Osten.</translation>
    </message>
    <message>
        <source>Step west.</source>
        <translation>Einen Schritt nach Westen.</translation>
    </message>
    <message>
        <source>Say something to everyone in the zone.</source>
        <translation>Allen in der Zone etwas sagen.</translation>
    </message>
    <message>
        <source>Whisper to a character anywhere in the world.</source>
        <translation>Einem Charakter irgendwo in der Welt etwas zuflüstern.</translation>
    </message>
    <message>
        <source>Say something to the whole world.</source>
        <translation>Der ganzen Welt etwas zurufen.</translation>
    </message>
    <message>
        <source>Use an object in view; its answer is printed.</source>
        <translation>Ein Objekt in Sicht benutzen; seine Antwort wird ausgegeben.</translation>
    </message>
    <message>
        <source>%1 does not react.</source>
        <translation>%1 reagiert nicht.</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>List the players in view.</source>
        <translation>Die Spieler in Sicht auflisten.</translation>
    </message>
    <message>
        <source>In view: %1</source>
        <translation>In Sicht: %1</translation>
    </message>
    <message>
        <source>Administrators: list the running zones.</source>
        <translation>Für Administratoren: die laufenden Zonen auflisten.</translation>
    </message>
    <message>
        <source>No zone is running.</source>
        <translation>Keine Zone läuft.</translation>
    </message>
    <message>
        <source>  %1  %2  %3  players %4  objects %5</source>
        <translation>  %1  %2  %3  Spieler %4  Objekte %5</translation>
    </message>
    <message>
        <source>Scripts: wait until a live message containing the text arrives (default 10 s).</source>
        <translation>Für Skripte: warten, bis eine Live-Meldung mit dem Text eintrifft (Standard 10 s).</translation>
    </message>
    <message>
        <source>Nothing said &quot;%1&quot; within %2 s.</source>
        <translation>Innerhalb von %2 s kam keine Meldung mit „%1“.</translation>
    </message>
    <message>
        <source>Log in first.</source>
        <translation>Melde dich zuerst an.</translation>
    </message>
    <message>
        <source>Finding %1...</source>
        <translation>Suche %1...</translation>
    </message>
    <message numerus="yes">
        <source>You are %1 in %2. %n thing(s) in view; look and map show them.</source>
        <translation>
            <numerusform>Du bist %1 in %2. %n Objekt in Sicht; look und map zeigen es.</numerusform>
            <numerusform>Du bist %1 in %2. %n Objekte in Sicht; look und map zeigen sie.</numerusform>
        </translation>
    </message>
    <message>
        <source>The zone did not let %1 in.</source>
        <translation>Die Zone hat %1 nicht hereingelassen.</translation>
    </message>
</context>
</TS>
